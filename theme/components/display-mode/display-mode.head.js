/* Runs in <head>, before the page is drawn, so a saved 大字/高对比度 choice never flashes
   and the controls are drawn as they will stay. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.className += " js";
  // Decided here, not when display-mode.js runs, so the row of controls never grows after the
  // first paint (a third button appearing late pushed a 412 px wide page down by a line).
  if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) root.className += " can-speak";
  try {
    if (localStorage.getItem("mode-large") === "1") root.className += " mode-large";
    if (localStorage.getItem("mode-contrast") === "1") root.className += " mode-contrast";
  } catch (e) { /* storage blocked: the controls still work for this page */ }
})();
