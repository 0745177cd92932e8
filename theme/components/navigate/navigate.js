/* window.VaxNavigate: the same "导航去这里" links as the pages, for what scripts draw (finder
   results, map popups). spec is county/navigation.py's browser_spec(), sent with the data; points
   is a site's [lat, lon] in each of spec.datums, flattened. ES5. */
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

  function links(spec, name, address, points) {
    var found = [];
    for (var i = 0; i < spec.apps.length; i++) {
      var app = spec.apps[i];
      var lat = points[app.datum * 2].toFixed(6), lon = points[app.datum * 2 + 1].toFixed(6);
      found.push({key: app.key, label: app.label, href: app.href
        .replace(/\{lat\}/g, lat).replace(/\{lon\}/g, lon)
        .replace(/\{name\}/g, encode(name)).replace(/\{address\}/g, encode(address || name))});
    }
    return found;
  }

  // <details class="navigate navigate--menu">, as navigate.html's navigate_menu draws it.
  function menu(spec, name, address, points) {
    var box = document.createElement("details");
    box.className = "navigate navigate--menu";
    var summary = document.createElement("summary");
    summary.textContent = spec.heading;
    var note = document.createElement("p");
    note.className = "navigate__note small";
    note.textContent = spec.note;
    var list = document.createElement("ul");
    list.className = "navigate__apps";
    var found = links(spec, name, address, points);
    for (var i = 0; i < found.length; i++) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.setAttribute("href", found[i].href);
      link.textContent = found[i].label;
      item.appendChild(link);
      list.appendChild(item);
    }
    box.appendChild(summary);
    box.appendChild(note);
    box.appendChild(list);
    return box;
  }

  window.VaxNavigate = {links: links, menu: menu, encode: encode};
})();
