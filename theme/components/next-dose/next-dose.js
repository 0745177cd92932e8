/* 下一针什么时候打: works out the window for the next dose from the schedules in data-schedules
   (county/schema/schedules.py, browser_data) and the phone's own date; offers a calendar reminder
   (.ics, RFC 5545, made here) and a card to print. ES5: runs on old WebViews.
   Dates are whole days, counted as days since 1970-01-01 (no time zones, no clocks). */
(function () {
  "use strict";
  var DAY_MS = 86400000;
  var BOOSTER = "booster";

  // --- days ---------------------------------------------------------------
  function dayOf(y, m, d) { return Math.round(Date.UTC(y, m - 1, d) / DAY_MS); }
  function parts(day) { var t = new Date(day * DAY_MS); return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()]; }
  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) return null;
    var day = dayOf(+m[1], +m[2], +m[3]);
    var p = parts(day);
    return p[1] === +m[2] && p[2] === +m[3] ? day : null;
  }
  function today() { var now = new Date(); return dayOf(now.getFullYear(), now.getMonth() + 1, now.getDate()); }
  function daysInMonth(y, m) { return parts(dayOf(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - 1)[2]; }
  // [count, "day" | "week" | "month", words]; months by the calendar, the day kept where the
  // month has it (31 August + 6 months = 29 February in a leap year).
  function add(day, duration) {
    if (duration[1] === "day") return day + duration[0];
    if (duration[1] === "week") return day + 7 * duration[0];
    var p = parts(day), months = p[1] - 1 + duration[0];
    var y = p[0] + Math.floor(months / 12), m = months % 12 + 1;
    return dayOf(y, m, Math.min(p[2], daysInMonth(y, m)));
  }
  function words(day, now) {
    var p = parts(day);
    return (p[0] !== parts(now)[0] ? p[0] + "年" : "") + p[1] + "月" + p[2] + "日";
  }
  function iso(day) { var p = parts(day); return p[0] + (p[1] < 10 ? "0" : "") + p[1] + (p[2] < 10 ? "0" : "") + p[2]; }
  function doseName(dose) { return dose === BOOSTER ? "加强针" : "第" + dose + "针"; }
  // A key of the dates object ("1", "2", "booster") as a dose.
  function doseOf(key) { return key === BOOSTER ? BOOSTER : +key; }

  // --- the answer -----------------------------------------------------------
  // dates: {dose number: day}. Returns {text, problem, next: {dose, from, until, summary}}.
  function answer(product, last, dates, now) {
    var d, rules = product.intervals;
    for (d in dates) {
      if (dates[d] === null) return {problem: true, text: "请填上" + doseName(doseOf(d)) + "是哪天打的（看接种凭证上的日期）。"};
      if (dates[d] > now) {
        return {problem: true, text: "您填的" + doseName(doseOf(d)) + "日期（" + words(dates[d], now) + "）比今天还晚。请填已经打过的那一针是哪天打的。"};
      }
    }
    for (d in dates) {
      if (+d < last && dates[d] > dates[last]) {
        return {problem: true, text: doseName(+d) + "的日期应早于" + doseName(last) + "，请再看看接种凭证。"};
      }
    }
    if (last === BOOSTER) return {text: "您已经打完全程和加强针，不用再打。"};
    if (last === product.doses) {
      if (!product.booster) {
        return {text: product.doses === 1 ? "这种疫苗只打1针，您已经打完了，不用再打。" : "您已经打完全程（" + product.doses + "针），不用再打。"};
      }
      var opens = add(dates[last], product.booster);
      return {
        text: opens > now ? "全程打完满" + product.booster[2] + "就可以打加强针：" + words(opens, now) + "以后都可以。"
                          : "您现在就可以打加强针（全程打完已满" + product.booster[2] + "）。",
        next: {dose: BOOSTER, from: Math.max(opens, now), until: null}
      };
    }
    var next = last + 1, from = null, until = null, late = null;
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i];  // [dose, after, at least, at most]
      if (rule[0] !== next) continue;
      if (rule[2]) from = Math.max(from === null ? -Infinity : from, add(dates[rule[1]], rule[2]));
      if (rule[3]) {
        var end = add(dates[rule[1]], rule[3]);
        if (until === null || end < until) { until = end; late = "第" + rule[1] + "针后" + rule[3][2]; }
      }
    }
    var name = doseName(next), text;
    if (until !== null && until < from) {
      // The dose before came late: the latest day has gone by before the earliest comes.
      text = (from > now ? name + "最早" + words(from, now) + "能打。" : "现在就可以打" + name + "。") +
        "已经过了" + late + "，也不用重新打，" + (from > now ? "到时尽快补上。" : "尽快补上。");
    } else if (from > now) {
      text = until === null ? name + "：" + words(from, now) + "以后打，越早越好。"
                            : name + "：" + words(from, now) + "到" + words(until, now) + "之间打，越早越好。";
    } else if (until === null || until >= now) {
      text = "现在就可以打" + name + (until === null ? "" : "，最晚" + words(until, now)) + "，越早越好。";
    } else {
      text = name + "应在" + words(until, now) + "前打，现在已经过了。过了" + late.replace(/^第\d+针后/, "") + "也不用重新打，尽快补上。";
    }
    return {text: text, next: {dose: next, from: Math.max(from, now), until: until !== null && until >= Math.max(from, now) ? until : null}};
  }

  // --- the calendar reminder (RFC 5545) -------------------------------------------
  function escapeText(text) { return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n"); }
  function utf8Length(ch) { var c = ch.charCodeAt(0); return c < 0x80 ? 1 : c < 0x800 ? 2 : (c >= 0xd800 && c <= 0xdbff) ? 4 : 3; }
  // Lines of at most 75 octets, continued after CRLF and a space, never inside a character.
  function fold(line) {
    var out = "", size = 0, i = 0;
    while (i < line.length) {
      var ch = line.charAt(i), c = line.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) ch = line.substr(i, 2);
      var n = utf8Length(ch);
      if (size + n > 75) { out += "\r\n "; size = 1; }
      out += ch; size += n; i += ch.length;
    }
    return out;
  }
  function stamp() {
    var t = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return t.getUTCFullYear() + pad(t.getUTCMonth() + 1) + pad(t.getUTCDate()) + "T" +
      pad(t.getUTCHours()) + pad(t.getUTCMinutes()) + pad(t.getUTCSeconds()) + "Z";
  }
  function event(lines, day, summary, description, uid) {
    lines.push("BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:" + stamp(), "DTSTART;VALUE=DATE:" + iso(day),
      "DTEND;VALUE=DATE:" + iso(day + 1), "SUMMARY:" + escapeText(summary), "DESCRIPTION:" + escapeText(description),
      "TRANSP:TRANSPARENT",
      // 9:00 the day before (an all-day event starts at midnight).
      "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escapeText(summary), "TRIGGER:-PT15H", "END:VALARM",
      "END:VEVENT");
  }
  function calendar(form, product, result) {
    var next = result.next, county = form.getAttribute("data-county") || "";
    var place = form.getAttribute("data-place");
    var summary = "打新冠疫苗" + doseName(next.dose) + "（" + (product.plain || product.name) + "）";
    var description = result.text + (place ? "\n地点：" + place : "") + "\n带上身份证和接种凭证。";
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2);
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//" + escapeText(county) + "//下一针提醒//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    event(lines, next.from, summary, description, id + "-from@next-dose");
    if (next.until !== null && next.until > next.from) {
      event(lines, next.until, "最后一天：" + summary, description, id + "-until@next-dose");
    }
    lines.push("END:VCALENDAR");
    var folded = [];
    for (var i = 0; i < lines.length; i++) folded.push(fold(lines[i]));
    return folded.join("\r\n") + "\r\n";
  }

  // --- the form --------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function Tool(form) {
    this.form = form;
    this.products = JSON.parse(form.getAttribute("data-schedules"));
    this.product = form.querySelector("[name=product]");
    this.dose = form.querySelector("[name=dose]");
    this.date = form.querySelector("[name=date]");
    this.earlier = form.querySelector(".next-dose__earlier");
    this.result = form.querySelector(".next-dose__result");
    var self = this;
    this.product.onchange = function () { self.fillDoses(); self.fillEarlier(); self.clear(); };
    this.dose.onchange = function () { self.fillEarlier(); self.clear(); };
    form.onsubmit = function (e) { e.preventDefault(); self.show(); };
    this.fillDoses();
    this.fillEarlier();
    form.className += " script-ready";
  }
  Tool.prototype.chosen = function () { return this.products[+this.product.value]; };
  Tool.prototype.last = function () { return this.dose.value === BOOSTER ? BOOSTER : +this.dose.value; };
  Tool.prototype.clear = function () { this.result.textContent = ""; };
  Tool.prototype.fillDoses = function () {
    var product = this.chosen();
    this.dose.textContent = "";
    for (var d = 1; d <= product.doses; d++) this.dose.appendChild(new Option(doseName(d), String(d)));
    if (product.booster) this.dose.appendChild(new Option(doseName(BOOSTER), BOOSTER));
  };
  // The other doses the next one is counted from (the third within 6 months of the first).
  Tool.prototype.needed = function () {
    var product = this.chosen(), last = this.last(), found = [];
    if (last === BOOSTER) return found;
    for (var i = 0; i < product.intervals.length; i++) {
      var rule = product.intervals[i];
      if (rule[0] === last + 1 && rule[1] !== last && found.indexOf(rule[1]) < 0) found.push(rule[1]);
    }
    return found;
  };
  Tool.prototype.fillEarlier = function () {
    var form = this.form, needed = this.needed();
    this.earlier.textContent = "";
    for (var i = 0; i < needed.length; i++) {
      var id = form.id + "-date-" + needed[i];
      var field = el("p", "next-dose__field");
      var label = el("label", "", doseName(needed[i]) + "是哪天打的？（下一针也要从它算起）");
      label.htmlFor = id;
      var input = el("input");
      input.type = "date";
      input.id = id;
      input.setAttribute("data-dose", String(needed[i]));
      field.appendChild(label);
      field.appendChild(input);
      this.earlier.appendChild(field);
    }
  };
  Tool.prototype.show = function () {
    var product = this.chosen(), last = this.last(), now = today(), dates = {};
    dates[last === BOOSTER ? BOOSTER : last] = parseDay(this.date.value);
    var inputs = this.earlier.getElementsByTagName("input");
    for (var i = 0; i < inputs.length; i++) dates[inputs[i].getAttribute("data-dose")] = parseDay(inputs[i].value);
    var result = answer(product, last, dates, now);
    this.result.textContent = "";
    this.result.appendChild(el("p", "next-dose__answer" + (result.problem ? " next-dose__answer--problem" : ""), result.text));
    if (result.next) this.offer(product, last, dates, result, now);
  };
  Tool.prototype.offer = function (product, last, dates, result, now) {
    var form = this.form, self = this;
    var actions = el("p", "next-dose__actions");
    var save = el("button", "button", "下载日历提醒");
    save.type = "button";
    save.onclick = function () { self.download(product, result); };
    var print = el("button", "button", "打印接种卡");
    print.type = "button";
    print.onclick = function () {
      // Printed alone: a copy of the card at the top of the page, everything else left out.
      var copy = el("div", "next-dose-print");
      copy.appendChild(form.querySelector(".next-dose__card").cloneNode(true));
      document.body.appendChild(copy);
      document.body.className += " next-dose-printing";
      window.print();
      document.body.className = document.body.className.replace(/ ?next-dose-printing/g, "");
      document.body.removeChild(copy);
    };
    actions.appendChild(save);
    if (window.print) actions.appendChild(print);
    this.result.appendChild(actions);
    this.result.appendChild(el("p", "small", "手机日历提醒会在前一天上午9点响。微信里下载不了的话，请点右上角“…”，选“在浏览器打开”。"));

    var card = el("div", "next-dose__card");
    card.appendChild(el("h3", "", "新冠疫苗接种卡"));
    var list = el("dl");
    function row(term, value) { list.appendChild(el("dt", "", term)); list.appendChild(el("dd", "", value)); }
    row("疫苗", product.plain ? product.plain + "　" + product.name : product.name);
    var done = [];
    for (var d in dates) if (dates[d] !== null) done.push(doseName(doseOf(d)) + "：" + words(dates[d], 0));
    row("已经打过", done.sort().join("；"));
    row("下一针", result.text);
    if (form.getAttribute("data-place")) row("去哪打", form.getAttribute("data-place"));
    row("下一针实际打的日期", "＿＿＿＿年＿＿月＿＿日");
    card.appendChild(list);
    this.result.appendChild(card);
  };
  Tool.prototype.download = function (product, result) {
    var text = calendar(this.form, product, result);
    var blob = new Blob([text], {type: "text/calendar;charset=utf-8"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "下一针提醒.ics";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); document.body.removeChild(link); }, 1000);
  };

  function start() {
    var forms = document.querySelectorAll("form.next-dose");
    for (var i = 0; i < forms.length; i++) {
      try { new Tool(forms[i]); } catch (e) { /* left without script-ready: base.head.js takes it away */ }
    }
  }
  window.VaxNextDose = {answer: answer, calendar: calendar, add: add, parseDay: parseDay};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
