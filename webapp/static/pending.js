// A document still being analysed: poll its status and open the result when ready.
"use strict";
(function () {
  var box = document.getElementById("pending");
  if (!box || box.getAttribute("data-status") === "failed") { return; }
  function poll() {
    Review.getJSON(box.getAttribute("data-poll")).then(function (s) {
      if (s.status === "queued" || s.status === "analysing") { setTimeout(poll, 300); } else { window.location.reload(); }
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 300);
})();
