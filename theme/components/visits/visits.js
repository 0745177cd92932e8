/* 流动接种: hide the visits before the phone's own date (China time); the page was built on an
   earlier day. A list with nothing left is hidden; a team's list then says so. */
(function () {
  "use strict";
  function todayIso() {
    if (window.VaxHours) return window.VaxHours.chinaNow().iso;
    return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }
  function update() {
    var today = todayIso();
    var items = document.querySelectorAll("[data-visit-date]");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-visit-date") < today) items[i].hidden = true;
    }
    var groups = document.querySelectorAll("[data-visits]");
    for (var j = groups.length - 1; j >= 0; j--) {  // innermost first
      var shown = groups[j].querySelectorAll("[data-visit-date]:not([hidden])").length;
      if (shown === 0 && !groups[j].classList.contains("visit-weeks")) groups[j].hidden = true;
      if (shown === 0 && groups[j].classList.contains("visit-weeks")) {
        var none = groups[j].querySelector(".visit-weeks__none");
        if (none) none.hidden = false;
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
