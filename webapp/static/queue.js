// Queue: rows still analysing are polled; the page refreshes once they are done.
"use strict";
(function () {
  var rows = document.querySelectorAll("tr[data-poll]");
  if (!rows.length) { return; }
  function poll() {
    var pending = Array.prototype.map.call(rows, function (row) {
      return Review.getJSON(row.getAttribute("data-poll")).then(function (s) {
        return s.status === "queued" || s.status === "analysing";
      });
    });
    Promise.all(pending).then(function (states) {
      if (states.indexOf(false) >= 0) { window.location.reload(); } else { setTimeout(poll, 1000); }
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 800);
})();
