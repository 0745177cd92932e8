/* The search page: Pagefind's UI, started with the words from ?q=. Pagefind's scripts are
   deferred after this bundle, so wait for DOMContentLoaded, which comes after them. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".search-box");
    if (!box || !window.PagefindUI) return;
    document.body.className += " search--ready";
    var ui = new window.PagefindUI({
      element: ".search-box", bundlePath: box.getAttribute("data-bundle"),
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
