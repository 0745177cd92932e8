/* The search page: Pagefind's UI, started with the words from ?q=. Pagefind's scripts are
   deferred after this bundle, so wait for DOMContentLoaded, which comes after them. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".search-box");
    if (!box || !window.PagefindUI) return;  // base.head.js then shows the links instead
    box.className += " script-ready";
    // One Pagefind bundle per section (FAQ, sites, schools), searched together. Pagefind reads a
    // relative bundle path against its own script's folder, so give it the page's reading of it.
    // Each is "name:weight"; the weight scales its results' scores.
    var root = box.getAttribute("data-bundles");
    var bundle = function (named) {
      var parts = named.split(":");
      return { bundlePath: new URL(root + parts[0] + "/", window.location.href).pathname, indexWeight: Number(parts[1]) };
    };
    var primary = bundle(box.getAttribute("data-primary"));
    var merged = box.getAttribute("data-merged").split(" ").filter(Boolean).map(bundle);
    var ui = new window.PagefindUI({
      element: ".search-box", bundlePath: primary.bundlePath, indexWeight: primary.indexWeight, mergeIndex: merged,
      showImages: false, showSubResults: true, resetStyles: false
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
      var field = document.getElementById("site-search-q");
      if (field) field.value = query;
    }
  });
})();
