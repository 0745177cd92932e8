/* The build notice of preview builds (plugins/buildreport); publish builds never load it.
   Reads the build's status.json (data-build-status) when the page opens and every few seconds
   while the page is in view. While the last build failed, a notice over the bottom of the page
   says so and links to the report (data-build-report); it goes once a build passes. It is fixed
   over the page, so nothing on the page moves when it comes or goes.
   On the report page itself (data-build-shown: the status it was made with) the page is loaded
   again when the status changes, so an editor who keeps it open sees the latest report. ES5. */
(function () {
  "use strict";
  var script = document.querySelector("script[data-build-status]");
  if (!script || !window.XMLHttpRequest || !window.JSON) { return; }
  var statusUrl = script.getAttribute("data-build-status");
  var reportUrl = script.getAttribute("data-build-report");
  var shown = script.getAttribute("data-build-shown");
  var EVERY = 4000;
  var notice = null;
  var waiting = null;
  var asking = false;

  function same(a, b) {
    return a && b && a.ok === b.ok && a.errors === b.errors && a.warnings === b.warnings;
  }

  function show(status) {
    var words = "网站没有更新：有 " + status.errors + " 处错误，点此查看";
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "build-notice";
      notice.setAttribute("role", "alert");
      var link = document.createElement("a");
      link.className = "build-notice__link";
      link.href = reportUrl;
      notice.appendChild(link);
      document.body.appendChild(notice);
      document.documentElement.className += " build-notice-shown";
    }
    if (notice.firstChild.textContent !== words) { notice.firstChild.textContent = words; }
  }

  function hide() {
    if (!notice) { return; }
    notice.parentNode.removeChild(notice);
    notice = null;
    document.documentElement.className = document.documentElement.className.replace(/\s*build-notice-shown/g, "");
  }

  function received(status) {
    if (shown !== null) {
      if (!same(status, JSON.parse(shown))) { window.location.reload(); }
    } else if (status.ok === false && status.errors > 0) {
      show(status);
    } else {
      hide();
    }
  }

  function later() {
    window.clearTimeout(waiting);
    waiting = window.setTimeout(ask, EVERY);
  }

  function ask() {
    if (asking) { return; }
    if (document.hidden) { later(); return; }
    asking = true;
    var request = new XMLHttpRequest();
    request.open("GET", statusUrl + (statusUrl.indexOf("?") < 0 ? "?" : "&") + "t=" + new Date().getTime());
    request.onreadystatechange = function () {
      if (request.readyState !== 4) { return; }
      asking = false;
      if (request.status === 200) {
        try { received(JSON.parse(request.responseText)); } catch (halfWritten) { /* asked again below */ }
      }
      later();
    };
    request.send();
  }

  document.addEventListener("visibilitychange", function () { if (!document.hidden) { ask(); } });
  ask();
}());
