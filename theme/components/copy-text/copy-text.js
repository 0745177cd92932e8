/* "复制": copy a WeChat text. WeChat's built-in browser and older ones have no asynchronous
   clipboard; selecting the text and execCommand("copy") works there. The box stays selectable
   without JavaScript. */
(function () {
  "use strict";
  function copy(box, done) {
    function fallback() {
      box.focus();
      box.select();
      box.setSelectionRange(0, box.value.length);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done.textContent = ok ? "已复制，可以粘贴到微信群了" : "请长按上面的文字，选“全选”再“复制”";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(function () {
        done.textContent = "已复制，可以粘贴到微信群了";
      }, fallback);
    } else fallback();
  }
  function start() {
    var buttons = document.querySelectorAll("[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      (function (button) {
        var box = document.getElementById(button.getAttribute("data-copy"));
        var done = button.parentNode.querySelector(".copy-text__done");
        if (!box) return;
        button.className += " script-ready";
        button.addEventListener("click", function () { copy(box, done); });
      })(buttons[i]);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
