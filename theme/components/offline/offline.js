/* Register the service worker (sw.js at the site root, found through the manifest link), so the
   pages already opened still open with no signal. A page marked <html data-no-worker> (the setting
   SERVICE_WORKER) belongs to a site without one: a region's own pages, whose counties keep theirs. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.URL) return;
  if (document.documentElement.hasAttribute("data-no-worker")) return;
  var manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest) return;
  var root = new URL(".", manifest.href).href;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () { /* offline use is a bonus */ });
  });
})();
