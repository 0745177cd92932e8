/* Redo "today" on the phone's own clock, in China time, since static pages
   were built on some earlier day. Without JS the build date is shown instead. A copy the
   service worker saved more than a day ago (<meta name="saved-at">) is left as it was built:
   its hours may have changed since, so "open now" is not worked out from it. */
(function () {
  "use strict";
  var DAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

  function chinaNow() {
    var d = new Date(Date.now() + 8 * 3600 * 1000);
    return {
      iso: d.toISOString().slice(0, 10),
      month: d.getUTCMonth() + 1, day: d.getUTCDate(),
      weekday: (d.getUTCDay() + 6) % 7,            // 0 = Monday, as in sites.yaml
      minutes: d.getUTCHours() * 60 + d.getUTCMinutes()
    };
  }

  function toMinutes(clock) {
    var p = clock.split(":");
    return parseInt(p[0], 10) * 60 + parseInt(p[1], 10);
  }

  function spansText(spans) {
    return spans.map(function (s) { return s[0] + "–" + s[1]; }).join("、");
  }

  function describe(hours, now) {
    if (hours.state !== "open") return { text: hours.label, now: "" };
    var special = hours.exceptions[now.iso];
    var spans = special ? special.spans : (hours.weekly[String(now.weekday)] || []);
    var text = spans.length ? "开放 " + spansText(spans) : "休息";
    if (special && special.note) text += "（" + special.note + "）";
    var status = "";
    for (var i = 0; i < spans.length; i++) {
      var opens = toMinutes(spans[i][0]), closes = toMinutes(spans[i][1]);
      if (now.minutes >= opens && now.minutes < closes) { status = "现在开放中，" + spans[i][1] + " 停止接种"; break; }
      if (now.minutes < opens) { status = "现在还没开门，" + spans[i][0] + " 开始"; break; }
    }
    if (!status && spans.length) status = "今天的接种已经结束";
    return { text: text, now: status };
  }

  function update() {
    if (!fresh()) return;
    var now = chinaNow();
    var label = "今天 " + now.month + "月" + now.day + "日（" + DAYS[(now.weekday + 1) % 7] + "）";
    var items = document.querySelectorAll(".js-today");
    for (var i = 0; i < items.length; i++) {
      var el = items[i], result;
      try { result = describe(JSON.parse(el.getAttribute("data-hours")), now); } catch (e) { continue; }
      el.querySelector(".today__date").textContent = label;
      el.querySelector(".today__text").textContent = result.text;
      el.querySelector(".today__now").textContent = result.now;
    }
    var row = document.querySelector('.hours-table tr[data-weekday="' + now.weekday + '"]');
    if (row) row.className += " is-today";
  }

  // Whether this page is fresh enough to say what is open today (not a copy saved over a day ago).
  function fresh() {
    var saved = document.querySelector('meta[name="saved-at"]');
    return !saved || Date.now() - Number(saved.getAttribute("content")) < 86400000;
  }

  window.VaxHours = { describe: describe, chinaNow: chinaNow, fresh: fresh };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
