// Shared helpers: the CSRF token for fetch() calls, JSON posting.
"use strict";
window.Review = {
  csrf: function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  },
  post: function (url, body) {
    var headers = { "X-CSRFToken": Review.csrf(), "Accept": "application/json" };
    var payload = body;
    if (!(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body || {});
    }
    return fetch(url, { method: "POST", headers: headers, body: payload, credentials: "same-origin" })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          data.httpStatus = r.status;
          return data;
        });
      });
  },
  getJSON: function (url) {
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); });
  }
};
