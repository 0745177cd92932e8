/* Recount "N 天前" on the day the page is read, not the day it was built. */
(function () {
  "use strict";
  function update() {
    var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    var items = document.querySelectorAll(".js-verified");
    for (var i = 0; i < items.length; i++) {
      var el = items[i];
      var days = Math.round((Date.parse(today) - Date.parse(el.getAttribute("data-verified"))) / 86400000);
      if (isNaN(days) || days < 0) continue;
      el.querySelector(".verified__days").textContent = days === 0 ? "今天" : days === 1 ? "昨天" : days + " 天前";
      var stale = days > parseInt(el.getAttribute("data-max-age"), 10);
      if (stale && !el.querySelector(".verified__warning")) {
        var warning = document.createElement("strong");
        warning.className = "verified__warning";
        warning.textContent = "注意：信息可能已过时。";
        el.insertBefore(warning, el.firstChild);
        el.className += " verified--stale";
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
