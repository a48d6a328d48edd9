// The printable review record: a print button (no inline script under the CSP).
"use strict";
(function () {
  var button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
