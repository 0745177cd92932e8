/* Register the service worker (sw.js at the site root, found through the manifest link), so the
   pages already opened still open with no signal. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.URL) return;
  var manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest) return;
  var root = new URL(".", manifest.href).href;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () { /* offline use is a bonus */ });
  });
})();
