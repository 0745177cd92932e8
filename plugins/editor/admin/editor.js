/* The web editor's own script (plugins/editor), loaded after Decap CMS. ES5.

   1. The formats of the files the build reads, for Decap (CMS.registerCustomFormat): the
      FAQ's and the pages' header of `Key: value` lines (a key's further lines indented), a
      blank line, then Markdown; and Markdown with no header (the school letter). They are
      described in the script tag's data-formats (plugins/editor/config.py's formats()):
        {"name": {"header": {"keys": [[key, "Key"], ...], "records": {key: [part, ...]},
                             "lists": [key, ...]} or null, "body": "body"}}
      A key of `records` holds one record a line, its parts between "｜" (Sources:
      机构｜标题｜网址); a key of `lists` a list of words between commas (Related:). They are
      read as faq/load.py reads them, and written back in the files' own style, so that a page
      saved unchanged is the same file. Keys the form does not know, and lines that are not
      `Key: value`, are kept as they were.
   2. The bar above the editor: the preview's state from the build report's status.json,
      asked every few seconds, with a link to the report.

   Under Node (tests), module.exports gives read() and write(). */
(function () {
  "use strict";

  var KEY = /^([A-Za-z_]+)\s*:\s*(.*)$/;
  var RECORD_SPLIT = /\s*[\uFF5C|]\s*/;
  var LIST_SPLIT = /[,\uFF0C\s]+/;
  var RECORD_JOIN = "\uFF5C";
  var CONTINUED = "    ";
  var KEPT_LINES = "unparsed-lines";  // cannot be a key: keys are letters and _

  function trim(text) {
    return String(text).replace(/^\s+|\s+$/g, "");
  }

  function contains(list, item) {
    for (var i = 0; i < list.length; i++) {
      if (list[i] === item) { return true; }
    }
    return false;
  }

  /* One line of records as faq/load.py's _source() reads it: the last piece is the address, the
     one before it may hold the mark itself; with a piece missing, the last one read is also the
     address when it is one, and a line of one piece is its name and its title. */
  function record(text, parts) {
    var pieces = text.split(RECORD_SPLIT);
    var found = {};
    var n = parts.length;
    var i;
    for (i = 0; i < n; i++) { found[parts[i]] = ""; }
    if (pieces.length >= n) {
      for (i = 0; i < n - 2; i++) { found[parts[i]] = pieces[i]; }
      found[parts[n - 2]] = pieces.slice(n - 2, pieces.length - 1).join(RECORD_JOIN);
      found[parts[n - 1]] = pieces[pieces.length - 1];
    } else if (pieces.length >= 2) {
      for (i = 0; i < pieces.length; i++) { found[parts[i]] = pieces[i]; }
      var lastRead = pieces[pieces.length - 1];
      if (lastRead.indexOf("http") === 0) { found[parts[n - 1]] = lastRead; }
    } else {
      for (i = 0; i < n - 1; i++) { found[parts[i]] = text; }
    }
    return found;
  }

  /* A file's text -> the entry's data. */
  function read(format, text) {
    var data = {};
    text = String(text).replace(/\r\n/g, "\n");
    var header = format.header;
    if (!header) {
      data[format.body] = text;
      return data;
    }
    var rows = text.split("\n");
    var values = {};
    var order = [];
    var kept = [];
    var key = null;
    var body = "";
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (!/\S/.test(row)) {
        body = rows.slice(i + 1).join("\n");
        break;
      }
      var match = KEY.exec(row);
      if (match && !/^\s/.test(row)) {
        key = match[1].toLowerCase();
        if (!values.hasOwnProperty(key)) {
          values[key] = [];
          order.push(key);
        }
        values[key].push(trim(match[2]));
      } else if (key && /^\s/.test(row)) {
        values[key].push(trim(row));
      } else {
        kept.push(row);
      }
    }
    for (var k = 0; k < order.length; k++) {
      var name = order[k];
      var lines = values[name];
      if (header.records.hasOwnProperty(name)) {
        data[name] = [];
        for (var r = 0; r < lines.length; r++) {
          if (lines[r]) { data[name].push(record(lines[r], header.records[name])); }
        }
      } else if (contains(header.lists, name)) {
        data[name] = [];
        for (var l = 0; l < lines.length; l++) {
          var words = lines[l].split(LIST_SPLIT);
          for (var w = 0; w < words.length; w++) {
            if (words[w]) { data[name].push(words[w]); }
          }
        }
      } else {
        data[name] = trim(lines.join(" "));
      }
    }
    if (kept.length) { data[KEPT_LINES] = kept.join("\n"); }
    data[format.body] = body;
    return data;
  }

  function two(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* A value as one line of the header: a date as 2026-11-28, newlines as spaces. */
  function line(value) {
    if (value === null || value === undefined) { return ""; }
    if (value instanceof Date) {
      return value.getFullYear() + "-" + two(value.getMonth() + 1) + "-" + two(value.getDate());
    }
    return trim(String(value).replace(/\s*\n\s*/g, " "));
  }

  function capitalised(key) {
    return key.charAt(0).toUpperCase() + key.slice(1);
  }

  function written(name, lines) {
    var out = [];
    for (var i = 0; i < lines.length; i++) {
      out.push((i === 0 ? name + ": " : CONTINUED) + lines[i]);
    }
    return out;
  }

  function valueLines(header, key, value) {
    var lines = [];
    var i;
    if (header.records.hasOwnProperty(key)) {
      var parts = header.records[key];
      for (i = 0; value && i < value.length; i++) {
        var pieces = [];
        var any = false;
        for (var p = 0; p < parts.length; p++) {
          var piece = line(value[i] && value[i][parts[p]]);
          any = any || piece !== "";
          pieces.push(piece);
        }
        if (any) { lines.push(pieces.join(RECORD_JOIN)); }
      }
      return lines;
    }
    if (contains(header.lists, key)) {
      var words = [];
      for (i = 0; value && i < value.length; i++) {
        if (line(value[i])) { words.push(line(value[i])); }
      }
      return words.length ? [words.join(", ")] : [];
    }
    // An empty value is left out, as if the key were not there: the build then says it is missing.
    return line(value) ? [line(value)] : [];
  }

  /* The entry's data -> the file's text. */
  function write(format, data) {
    var body = data[format.body] === undefined || data[format.body] === null ? "" : String(data[format.body]);
    var header = format.header;
    if (!header) { return body; }
    var out = [];
    var done = {};
    done[format.body] = true;
    done[KEPT_LINES] = true;
    for (var i = 0; i < header.keys.length; i++) {
      var key = header.keys[i][0];
      done[key] = true;
      out = out.concat(written(header.keys[i][1], valueLines(header, key, data[key])));
    }
    for (var other in data) {
      if (data.hasOwnProperty(other) && !done[other] && /^[A-Za-z_]+$/.test(other) && typeof data[other] === "string") {
        out = out.concat(written(capitalised(other), valueLines(header, other, data[other])));
      }
    }
    if (data[KEPT_LINES]) { out.push(data[KEPT_LINES]); }
    return out.join("\n") + "\n" + (body ? "\n" + body : "");
  }

  if (typeof module === "object" && module.exports) {
    module.exports = {read: read, write: write};
    return;
  }

  /* --- in the browser ------------------------------------------------------------------- */

  var script = document.currentScript || document.querySelector("script[data-formats]");
  var formats = JSON.parse(script.getAttribute("data-formats"));

  function formatter(format) {
    return {
      fromFile: function (text) { return read(format, text); },
      toFile: function (data) { return write(format, data); }
    };
  }

  /* Decap's own words where they would mislead: "发布" (publish) here only saves the file and
     updates the preview; the site itself is published by `make publish`. */
  var WORDS = {
    "editor.editorToolbar.publish": "保存",
    "editor.editorToolbar.publishing": "正在保存……",
    "editor.editorToolbar.published": "已保存",
    "editor.editorToolbar.publishNow": "保存并更新网站预览",
    "editor.editorToolbar.publishAndCreateNew": "保存，然后新建一页",
    "editor.editorToolbar.publishAndDuplicate": "保存，然后复制这一页",
    "editor.editorToolbar.deletePublishedEntry": "删除这一页",
    "editor.editorToolbar.deployButtonLabel": "在网站预览中查看",
    "editor.editor.onPublishing": "确定要保存吗？",
    "editor.editor.onDeletePublishedEntry": "确定要删除这一页吗？",
    "editor.editor.onDeleteWithUnsavedChanges": "确定要删除这一页（连同还没保存的修改）吗？",
    "ui.toast.entryPublished": "已保存。网站预览几秒钟后更新，请看最上方的“网站预览状态”",
    "ui.toast.onFailToPublishEntry": "保存失败：%{details}"
  };

  function reworded(phrases) {
    var copy = JSON.parse(JSON.stringify(phrases));
    for (var path in WORDS) {
      if (WORDS.hasOwnProperty(path)) {
        var keys = path.split(".");
        var place = copy;
        for (var i = 0; i < keys.length - 1 && place; i++) { place = place[keys[i]]; }
        if (place && typeof place[keys[keys.length - 1]] === "string") { place[keys[keys.length - 1]] = WORDS[path]; }
      }
    }
    return copy;
  }

  if (window.CMS) {
    for (var name in formats) {
      if (formats.hasOwnProperty(name)) {
        window.CMS.registerCustomFormat(name, formats[name].extension, formatter(formats[name]));
      }
    }
    var phrases = window.CMS.getLocale && window.CMS.getLocale("zh_Hans");
    if (phrases) { window.CMS.registerLocale("zh_Hans", reworded(phrases)); }
    /* The rich-text editor writes the whole text again when one word changes: with "-" for
       list items, as the pages are written (Decap's own choice is "*"). */
    if (window.CMS.registerRemarkPlugin) {
      window.CMS.registerRemarkPlugin(function () {
        if (this.Compiler && this.Compiler.prototype && this.Compiler.prototype.options) {
          this.Compiler.prototype.options.bullet = "-";
        }
      });
    }
  }

  /* Decap keeps the open page's editor when the address goes straight to another page (the
     browser's back button after "保存，然后新建一页"): it would then show, and save, the first
     page's text under the second's name. Such a move loads the editor afresh instead. */
  var ENTRY = /^#\/collections\/[^\/]+\/(entries\/.+|new)$/;
  var shownHash = window.location.hash;
  window.addEventListener("hashchange", function () {
    var now = window.location.hash;
    if (ENTRY.test(shownHash) && ENTRY.test(now) && now !== shownHash) {
      window.location.reload();
      return;
    }
    shownHash = now;
  });

  var bar = document.getElementById("editor-bar");
  var status = document.getElementById("editor-status");
  if (!bar || !status || !window.XMLHttpRequest || !window.JSON) { return; }
  var statusUrl = bar.getAttribute("data-status");
  var backendUrl = bar.getAttribute("data-backend");
  var EVERY = 3000;
  var waiting = null;
  var backendDown = false;

  function show(state, words) {
    if (status.textContent !== words) { status.textContent = words; }
    bar.setAttribute("data-state", state);
  }

  /* The preview opened without `make edit` (make devserver, make serve): nothing could be saved. */
  function askBackend() {
    var request = new XMLHttpRequest();
    request.open("POST", backendUrl);
    request.setRequestHeader("Content-Type", "application/json");
    request.onreadystatechange = function () {
      if (request.readyState !== 4) { return; }
      backendDown = request.status !== 200;
      if (backendDown) { show("errors", "编辑器的后台没有运行，改了也保存不了：请管网站的同事用 make edit 打开编辑器"); }
    };
    request.send(JSON.stringify({action: "info", params: {}}));
  }

  function received(found) {
    if (backendDown) { return; }
    if (found.ok === false && found.errors > 0) {
      show("errors", "网站预览状态：有 " + found.errors + " 处错误，网站没有更新，点此查看");
    } else if (found.warnings > 0) {
      show("ok", "网站预览状态：正常（有 " + found.warnings + " 条提醒，点此查看）");
    } else {
      show("ok", "网站预览状态：正常");
    }
  }

  function ask() {
    window.clearTimeout(waiting);
    var request = new XMLHttpRequest();
    request.open("GET", statusUrl + (statusUrl.indexOf("?") < 0 ? "?" : "&") + "t=" + new Date().getTime());
    request.onreadystatechange = function () {
      if (request.readyState !== 4) { return; }
      if (request.status === 200) {
        try { received(JSON.parse(request.responseText)); } catch (halfWritten) { /* asked again below */ }
      } else {
        if (!backendDown) { show("unknown", "网站预览状态：还没有构建报告（预览服务器开着吗？）"); }
      }
      waiting = window.setTimeout(ask, EVERY);
    };
    request.send();
  }

  if (backendUrl) { askBackend(); }
  ask();
}());
