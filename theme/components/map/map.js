/* VaxMap: draws the sites of one map from its JSON file (see plugins/maps/markers.py).
   The kinds and states, with their words, marker characters and shapes, come in that file
   (plugins/county/kinds.py). Popups are built with DOM nodes and textContent, so text from the
   data is never parsed as HTML. */
(function () {
  "use strict";
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The marker's inner nodes; text goes in with textContent.
  function iconNodes(kind, state) {
    var box = el("span", "");
    box.appendChild(el("span", "vax-marker__shape"));
    box.appendChild(el("span", "vax-marker__label", kind.glyph));
    if (state.badge) box.appendChild(el("span", "vax-marker__badge", state.badge));
    return box;
  }

  // Markers left on their own are at least this far apart, centre to centre, and clusters (40 px)
  // about as far: so no marker or cluster covers another.
  var CLUSTER_RADIUS_PX = 60;

  function icon(kind, state, focus) {
    var size = focus ? 38 : 30;
    return L.divIcon({
      className: "vax-marker vax-marker--" + kind.shape + " vax-marker--" + state.key + (focus ? " vax-marker--focus" : ""),
      html: iconNodes(kind, state).innerHTML, iconSize: [size, size], iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2]
    });
  }

  function todayText(site) {
    if (site.state.key !== "open") return site.state.label;
    if (!window.VaxHours) return "";
    if (!window.VaxHours.fresh()) return "这是以前保存的信息，请先打电话确认";
    return window.VaxHours.describe({ state: "open", weekly: site.hours.weekly, exceptions: site.hours.exceptions },
                                    window.VaxHours.chinaNow()).text;
  }

  function popup(site, root, data, layer) {
    var box = el("div", "vax-popup");
    var title = el("p", "vax-popup__name");
    var link = el("a", "", site.name);
    link.href = root + site.url;
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(el("p", "", site.kind.label + " · " + site.state.label));
    box.appendChild(el("p", "", "地址：" + site.address));
    box.appendChild(el("p", "", "今天：" + todayText(site)));
    if (site.phone) {
      var phone = el("p", "", "电话：");
      var tel = el("a", "", site.phone);
      tel.href = "tel:" + site.phone.replace(/[^0-9]/g, "");
      phone.appendChild(tel);
      box.appendChild(phone);
    }
    if (data.navigation && window.VaxNavigate) {
      var menu = window.VaxNavigate.menu(data.navigation, site.name, site.address, site.lat, site.lon, function (fill) {
        withOffsets(data, root, function (offsets) {
          fill(offsets[site.index]);
          // Opened, the menu makes the popup taller: let Leaflet move the map so all of it shows.
          if (layer.isPopupOpen()) layer.getPopup().update();
        });
      });
      box.appendChild(menu);
    }
    return box;
  }

  // The sites' "导航去这里" offsets (plugins/maps/markers.py navigation_file), fetched once, the
  // first time a resident opens the menu in a popup of this map.
  function withOffsets(data, root, callback) {
    if (data.offsets) return callback(data.offsets);
    var waiting = data.waitingForOffsets || (data.waitingForOffsets = []);
    waiting.push(callback);
    if (waiting.length > 1) return;
    var request = new XMLHttpRequest();
    request.open("GET", root + data.navigation.offsets);
    request.onload = function () {
      if (request.status < 200 || request.status >= 300) return;
      data.offsets = JSON.parse(request.responseText);
      for (var i = 0; i < waiting.length; i++) waiting[i](data.offsets);
      data.waitingForOffsets = [];
    };
    request.send();
  }

  function toSite(row, data) {
    var site = {};
    for (var i = 0; i < data.fields.length; i++) site[data.fields[i]] = row[i];
    site.hours = data.hours[site.hours];
    site.url = data.site_url.replace("{id}", site.id);
    site.kind = data.kinds[site.kind];
    site.state = data.states[site.state];
    return site;
  }

  // One site's marker, its popup made when first opened.
  function siteMarker(site, root, data, map, isFocus) {
    var marker = L.marker([site.lat, site.lon], {
      icon: icon(site.kind, site.state, isFocus),
      title: site.name + "（" + site.kind.label + "，" + site.state.label + "）",
      alt: site.name, keyboard: true, zIndexOffset: isFocus ? 1000 : 0
    });
    marker.siteId = site.id;
    var content = null;  // made once, so that update() keeps an opened menu open
    marker.bindPopup(function (layer) { return content || (content = popup(site, root, data, layer)); },
                     // Never wider or taller than the map (it scrolls on a small map): in large
                     // print a popup of Leaflet's default 300 px ran off a 360 px phone's map.
                     { maxHeight: Math.max(160, map.getSize().y - 56),
                       maxWidth: Math.max(160, Math.min(300, map.getSize().x - 72)) });
    return marker;
  }

  // Markers that would overlap become one numbered cluster (it opens on a tap), so each marker
  // on the map is a tap target of its own.
  function clusterGroup() {
    return L.markerClusterGroup
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: CLUSTER_RADIUS_PX })
      : L.featureGroup();
  }

  function draw(map, data, options) {
    var container = map.getContainer();
    var root = container.getAttribute("data-root") || "/";
    var focusId = container.getAttribute("data-focus");
    // The site a page is about always stands alone.
    var group = data.sites.length > options.clusterAbove ? clusterGroup() : L.featureGroup();
    var focus = null;
    data.sites.forEach(function (row, index) {
      var site = toSite(row, data);
      site.index = index;
      var marker = siteMarker(site, root, data, map, site.id === focusId);
      if (site.id === focusId) focus = marker.addTo(map);
      else group.addLayer(marker);
    });
    group.addTo(map);
    map.invalidateSize();
    if (focus) map.setView(focus.getLatLng(), 14);
    else if (data.sites.length) map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 14 });
    map.vaxSites = group;
    container.setAttribute("data-markers-drawn", String(data.sites.length));
  }

  // callback(data) on success; done(), when given, once the request is over either way.
  function getJSON(url, callback, done) {
    var request = new XMLHttpRequest();
    request.open("GET", url);
    request.onload = function () {
      if (request.status >= 200 && request.status < 300) callback(JSON.parse(request.responseText));
    };
    if (done) request.onloadend = done;
    request.send();
  }

  function boundsOf(box) {
    return L.latLngBounds([box.south, box.west], [box.north, box.east]);
  }

  // A region's map (plugins/region/map.py): no file holds every site. Its sites come in the cells
  // of a grid, each fetched the first time the view reaches it. A view that spans more than
  // index.most_cells cells shows one marker per county instead; tapped, it shows that county.
  function drawByArea(map, index) {
    var container = map.getContainer();
    var root = container.getAttribute("data-root") || "/";
    var sites = clusterGroup(), counties = L.featureGroup();
    var known = {}, fetched = {}, drawn = 0, pending = 0, shown = null, tapped = null, sitesZoom = Infinity;
    // Markers that arrive while a popup is open wait until it closes: added at once, a new
    // neighbour could gather the opened marker into a cluster and close the popup being read.
    var popupOpen = false, held = [];
    index.cells.forEach(function (key) { known[key] = true; });
    index.counties.forEach(function (county) {
      var label = el("span", "vax-county__label");
      label.appendChild(el("strong", "", county.name));
      label.appendChild(el("span", "", county.sites + " 个接种点"));
      var box = el("span", "");
      box.appendChild(label);
      var marker = L.marker([county.lat, county.lon], {
        icon: L.divIcon({ className: "vax-county", html: box.innerHTML, iconSize: null }),
        title: county.name + "，" + county.sites + " 个接种点：放大看", alt: county.name, keyboard: true
      });
      marker.on("click", function () { tapped = county; map.fitBounds(boundsOf(county.bounds)); });
      counties.addLayer(marker);
    });

    function cellsInView(most) {
      // The view is in the tiles' datum and the grid in WGS-84: they differ by well under 0.02 degrees.
      var view = map.getBounds(), size = index.cell, pad = 0.02;
      var south = Math.floor((view.getSouth() - pad) / size), north = Math.floor((view.getNorth() + pad) / size);
      var west = Math.floor((view.getWest() - pad) / size), east = Math.floor((view.getEast() + pad) / size);
      if ((north - south + 1) * (east - west + 1) > 4 * most) return null;  // far out: counties
      var keys = [];
      for (var i = south; i <= north; i++) {
        for (var j = west; j <= east; j++) if (known[i + "_" + j]) keys.push(i + "_" + j);
      }
      return keys.length > most ? null : keys;
    }

    // The popups' "导航去这里": the index's apps, with the offsets of this cell's sites.
    function cellNavigation(key) {
      if (!index.navigation) return null;
      var spec = {};
      for (var name in index.navigation) {
        if (Object.prototype.hasOwnProperty.call(index.navigation, name)) spec[name] = index.navigation[name];
      }
      spec.offsets = index.navigation.offsets.replace("{key}", key);
      return spec;
    }

    // data-cells-pending: the cells asked for and not yet arrived (0: the map has all it needs for its view).
    function fetchCell(key) {
      fetched[key] = true;
      pending += 1;
      container.setAttribute("data-cells-pending", String(pending));
      getJSON(root + index.cell_file.replace("{key}", key), function (cell) {
        var data = { fields: index.fields, kinds: index.kinds, states: index.states, site_url: index.site_url,
                     hours: cell.hours, navigation: cellNavigation(key) };
        var markers = cell.sites.map(function (row, position) {
          var site = toSite(row, data);
          site.index = position;
          return siteMarker(site, root, data, map, false);
        });
        if (popupOpen) {
          held = held.concat(markers);
          container.setAttribute("data-markers-held", String(held.length));
        } else {
          addMarkers(markers);
        }
      }, function () {
        pending -= 1;
        container.setAttribute("data-cells-pending", String(pending));
      });
    }

    // data-markers-drawn: the sites on the map; data-markers-held: those waiting for a popup to close.
    function addMarkers(markers) {
      if (sites.addLayers) sites.addLayers(markers);  // one re-clustering for the cell, not one per marker
      else markers.forEach(function (marker) { sites.addLayer(marker); });
      drawn += markers.length;
      container.setAttribute("data-markers-drawn", String(drawn));
      container.setAttribute("data-markers-held", String(held.length));
    }

    function show(layer) {
      if (shown === layer) return;
      if (shown) map.removeLayer(shown);
      shown = layer.addTo(map);
      container.setAttribute("data-showing", layer === counties ? "counties" : "sites");
    }

    function update() {
      var zoom = map.getZoom();
      var keys = cellsInView(index.most_cells);
      // The county a resident tapped shows all its sites, while the view stays on it; and sites
      // shown stay while the map is only moved (an opened popup moves it into view), until the
      // resident zooms out further than they were first shown at.
      var staying = shown === sites && zoom >= sitesZoom;
      if (!keys && (staying || (tapped && boundsOf(tapped.bounds).pad(0.5).contains(map.getBounds())))) {
        keys = cellsInView(10 * index.most_cells);
      }
      if (!keys) {
        tapped = null;
        return show(counties);
      }
      if (shown !== sites) sitesZoom = zoom;
      show(sites);
      keys.forEach(function (key) { if (!fetched[key]) fetchCell(key); });
    }

    map.invalidateSize();
    map.fitBounds(boundsOf(index.bounds), { padding: [24, 24] });
    map.on("moveend", update);
    map.on("popupopen", function () { popupOpen = true; });
    map.on("popupclose", function () {
      popupOpen = false;
      var markers = held;
      held = [];
      if (markers.length) addMarkers(markers);
    });
    update();
    map.vaxSites = sites;
  }

  window.VaxMap = {
    // Called by the map's own script (plugins/maps/leaflet.py) once Leaflet has made the map.
    addSites: function (map, options) {
      var figure = map.getContainer().parentNode;
      figure.className += " script-ready";  // base.head.js leaves it on the page
      if (!isFinite(map.getMaxZoom())) map.setMaxZoom(options.maxZoom);  // a map without tiles
      map.attributionControl.setPrefix(false);
      if (options.approval) map.attributionControl.addAttribution("审图号：" + options.approval.replace(/[<>&"]/g, ""));
      var container = map.getContainer();
      if (container.getAttribute("data-markers-index")) {
        getJSON(container.getAttribute("data-markers-index"), function (index) { drawByArea(map, index); });
      } else {
        getJSON(container.getAttribute("data-markers"), function (data) { draw(map, data, options); });
      }
    }
  };
})();
