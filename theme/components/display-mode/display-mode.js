/* The 大字模式 and 高对比度 switches (remembered in localStorage) and 语音朗读 (zh-CN). */
(function () {
  "use strict";
  var root = document.documentElement;

  function has(mode) { return (" " + root.className + " ").indexOf(" mode-" + mode + " ") >= 0; }

  function set(mode, on) {
    root.className = root.className.replace(new RegExp("\\s*mode-" + mode, "g"), "") + (on ? " mode-" + mode : "");
    try { localStorage.setItem("mode-" + mode, on ? "1" : "0"); } catch (e) { /* not remembered */ }
  }

  function speakable() { return "speechSynthesis" in window && "SpeechSynthesisUtterance" in window; }

  function start() {
    var buttons = document.querySelectorAll(".display-mode__button[data-mode]");
    Array.prototype.forEach.call(buttons, function (button) {
      var mode = button.getAttribute("data-mode");
      button.setAttribute("aria-pressed", String(has(mode)));
      button.addEventListener("click", function () {
        var on = !has(mode);
        set(mode, on);
        button.setAttribute("aria-pressed", String(on));
      });
    });

    var speak = document.querySelector(".display-mode__speak");
    if (!speak || !speakable()) return;  // then display-mode.css never showed it
    speak.addEventListener("click", function () {
      var synth = window.speechSynthesis;
      if (synth.speaking) {
        synth.cancel();
        return;
      }
      // The main text, without the breadcrumbs and other navigation.
      var main = document.querySelector("main") || document.body;
      var text = Array.prototype.filter.call(main.children, function (el) {
        return el.tagName !== "NAV" && !el.hidden && el.offsetParent !== null;
      }).map(function (el) { return el.innerText; }).join("\n");
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      var voices = synth.getVoices().filter(function (v) { return /^zh(-|_)?(CN|Hans)?/i.test(v.lang); });
      if (voices.length) utterance.voice = voices[0];
      utterance.onend = utterance.onerror = function () {
        speak.setAttribute("aria-pressed", "false");
        speak.textContent = "语音朗读";
      };
      speak.setAttribute("aria-pressed", "true");
      speak.textContent = "停止朗读";
      synth.speak(utterance);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
