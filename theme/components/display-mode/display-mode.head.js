/* Runs in <head>, before the page is drawn, so a saved 大字/高对比度 choice never flashes. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.className += " js";
  try {
    if (localStorage.getItem("mode-large") === "1") root.className += " mode-large";
    if (localStorage.getItem("mode-contrast") === "1") root.className += " mode-contrast";
  } catch (e) { /* storage blocked: the controls still work for this page */ }
})();
