/* window.VaxNavigate: the same "导航去这里" links as the pages, for what scripts draw (finder
   results, map popups). spec is county/navigation.py's browser_spec(), sent with the data; a site
   is its name, address, the lat and lon its row carries, and its offsets from them in each of
   spec.datums, in millionths of a degree (browser_offsets). ES5. */
(function () {
  "use strict";

  // As county/navigation.py's encode(): every ASCII character but letters, digits and -_.~ is
  // percent-encoded (no & ends a parameter, no ")" ends the geo: label); Chinese is left as it is.
  function encode(text) {
    return String(text).replace(/[\x00-\x7f]/g, function (c) {
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      var code = c.charCodeAt(0);
      return "%" + (code < 16 ? "0" : "") + code.toString(16).toUpperCase();
    });
  }

  function links(spec, name, address, lat0, lon0, offsets) {
    var found = [];
    for (var i = 0; i < spec.apps.length; i++) {
      var app = spec.apps[i];
      var lat = (lat0 + offsets[app.datum * 2] / 1e6).toFixed(6), lon = (lon0 + offsets[app.datum * 2 + 1] / 1e6).toFixed(6);
      found.push({label: app.label, href: app.href
        .replace(/\{lat\}/g, lat).replace(/\{lon\}/g, lon)
        .replace(/\{name\}/g, encode(name)).replace(/\{address\}/g, encode(address || name))});
    }
    return found;
  }

  // <details class="navigate navigate--menu">, as navigate.html's navigate_menu draws it. offsets
  // are the site's (browser_offsets), or a function(fill) that gets them later and calls
  // fill(offsets): the links are then added the first time the menu is opened.
  function menu(spec, name, address, lat, lon, offsets) {
    var box = document.createElement("details");
    box.className = "navigate navigate--menu";
    var summary = document.createElement("summary");
    summary.textContent = spec.heading;
    box.appendChild(summary);

    function fill(values) {
      var note = document.createElement("p");
      note.className = "navigate__note small";
      note.textContent = spec.note;
      var list = document.createElement("ul");
      list.className = "navigate__apps";
      var found = links(spec, name, address, lat, lon, values);
      for (var i = 0; i < found.length; i++) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.setAttribute("href", found[i].href);
        link.textContent = found[i].label;
        item.appendChild(link);
        list.appendChild(item);
      }
      box.appendChild(note);
      box.appendChild(list);
    }

    if (typeof offsets !== "function") {
      fill(offsets);
    } else {
      var asked = false;
      box.addEventListener("toggle", function () {
        if (box.open && !asked) { asked = true; offsets(fill); }
      });
    }
    return box;
  }

  window.VaxNavigate = {links: links, menu: menu, encode: encode};
})();
