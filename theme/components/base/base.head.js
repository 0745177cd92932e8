/* Parts that only work with their script (the finder, a map) carry the class "needs-script".
   With scripts on, they are drawn from the first paint (base.css), so nothing moves when their
   script starts; a script that has set its part up adds "script-ready". A part whose script never
   did (an old phone that cannot read it, a file that did not arrive) is taken away once the page
   has loaded: the list beside it stays, never an empty box. */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    var parts = document.querySelectorAll(".needs-script");
    for (var i = 0; i < parts.length; i++) {
      if (!/(^|\s)script-ready(\s|$)/.test(parts[i].className)) parts[i].className += " script-failed";
    }
  });
})();
