/* "打印给家长": a button only where printing from the page works. */
(function () {
  "use strict";
  function start() {
    var buttons = document.querySelectorAll(".print-button");
    if (!window.print) return;
    Array.prototype.forEach.call(buttons, function (button) {
      button.className += " script-ready";
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
