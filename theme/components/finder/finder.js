/* Finder: "使用我的位置" and search by place name. Everything runs on the phone: the position
   is never sent anywhere; the site data comes from finder/*.json on our own host.
   Data layout: plugins/nearest/finder_data.py; the states and their words come in index.json
   (plugins/county/kinds.py). */
(function () {
  "use strict";
  var COMPASS = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"];
  var KM_PER_DEGREE = 111.32;
  var FAR_KM = 20;
  var DAY_MS = 86400000;
  var VISITS_SHOWN = 3;  // 流动接种 listed before the fixed sites, at most

  // Vincenty's inverse formula on WGS-84: distance in km and initial bearing in degrees.
  function geodesic(lat1, lon1, lat2, lon2) {
    var a = 6378137, f = 1 / 298.257223563, b = a * (1 - f);
    var rad = Math.PI / 180;
    var L = (lon2 - lon1) * rad;
    var U1 = Math.atan((1 - f) * Math.tan(lat1 * rad)), U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, lambdaP, iter = 100, sinL, cosL, sinS, cosS, sigma, sinA, cos2A, cos2SM, C;
    do {
      sinL = Math.sin(lambda); cosL = Math.cos(lambda);
      sinS = Math.sqrt((cosU2 * sinL) * (cosU2 * sinL) + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) * (cosU1 * sinU2 - sinU1 * cosU2 * cosL));
      if (sinS === 0) return { km: 0, bearing: 0 };
      cosS = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
      sigma = Math.atan2(sinS, cosS);
      sinA = cosU1 * cosU2 * sinL / sinS;
      cos2A = 1 - sinA * sinA;
      cos2SM = cos2A !== 0 ? cosS - 2 * sinU1 * sinU2 / cos2A : 0;
      C = f / 16 * cos2A * (4 + f * (4 - 3 * cos2A));
      lambdaP = lambda;
      lambda = L + (1 - C) * f * sinA * (sigma + C * sinS * (cos2SM + C * cosS * (-1 + 2 * cos2SM * cos2SM)));
    } while (Math.abs(lambda - lambdaP) > 1e-12 && --iter > 0);
    var uSq = cos2A * (a * a - b * b) / (b * b);
    var A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var dS = B * sinS * (cos2SM + B / 4 * (cosS * (-1 + 2 * cos2SM * cos2SM) -
      B / 6 * cos2SM * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2SM * cos2SM)));
    var bearing = Math.atan2(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL) / rad;
    return { km: b * A * (sigma - dS) / 1000, bearing: (bearing + 360) % 360 };
  }

  function flatKm(lat1, lon1, lat2, lon2) {
    var x = (lon2 - lon1) * Math.cos((lat1 + lat2) / 2 * Math.PI / 180);
    return Math.sqrt((lat2 - lat1) * (lat2 - lat1) + x * x) * KM_PER_DEGREE;
  }

  function distanceText(hit) {
    if (hit.km < 0.05) return "就在附近";
    return COMPASS[Math.floor(((hit.bearing % 360) + 22.5) / 45) % 8] + " " + hit.km.toFixed(1) + " 公里";
  }

  var cache = {};
  var oldData = false;  // some data came from a copy saved over a day ago

  // Whether the finder may say what is open today: not from a page or data saved over a day ago.
  function todayKnown() {
    return window.VaxHours && window.VaxHours.fresh() && !oldData;
  }
  function getJSON(url, done, fail) {
    if (cache[url]) { cache[url].push([done, fail]); if (cache[url].data !== undefined) flush(url); return; }
    cache[url] = [[done, fail]];
    var request = new XMLHttpRequest();
    request.open("GET", url);
    request.onload = function () {
      if (request.status >= 200 && request.status < 300) {
        try { cache[url].data = JSON.parse(request.responseText); } catch (e) { cache[url].data = null; }
        // A copy the service worker saved earlier says when (see sw.js).
        var saved = Number(request.getResponseHeader("X-Saved-At"));
        if (saved && Date.now() - saved > DAY_MS) oldData = true;
      } else cache[url].data = null;
      flush(url);
    };
    request.onerror = function () { cache[url].data = null; flush(url); };
    request.send();
  }
  function flush(url) {
    var waiting = cache[url].splice(0);
    waiting.forEach(function (pair) {
      if (cache[url].data === null) { delete cache[url]; if (pair[1]) pair[1](); } else pair[0](cache[url].data);
    });
  }

  function Finder(root) {
    this.root = root;
    this.base = root.getAttribute("data-root") || "/";
    this.count = parseInt(root.getAttribute("data-results"), 10) || 5;
    this.status = root.querySelector(".finder__status");
    this.results = root.querySelector(".finder__results");
    this.suggestions = root.querySelector(".finder__suggestions");
    this.input = root.querySelector(".finder__input");
    this.position = null;
    var self = this;
    root.querySelector(".finder__locate").addEventListener("click", function () { self.locate(); });
    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.suggest(self.input.value); }, 150);
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = self.suggestions.querySelector("button");
        if (first) first.click();
      }
    });
    ["change"].forEach(function (type) {
      root.querySelector(".finder__filters").addEventListener(type, function () { if (self.position) self.search(); });
    });
    root.className += " script-ready";
  }

  Finder.prototype.say = function (text) { this.status.textContent = text; };

  Finder.prototype.withIndex = function (done) {
    var self = this;
    getJSON(this.base + "finder/index.json", function (index) { self.index = index; done(index); },
            function () { self.say("数据没有加载成功，请检查网络后再试，或者从下面的乡镇列表查找。"); });
  };

  Finder.prototype.locate = function () {
    var self = this;
    if (!navigator.geolocation) {
      this.say("这个浏览器不能定位。请在下面输入村名或乡镇名查找。");
      return;
    }
    this.say("正在获取您的位置……");
    navigator.geolocation.getCurrentPosition(function (pos) {
      self.position = { lat: pos.coords.latitude, lon: pos.coords.longitude, label: "您的位置" };
      self.search();
    }, function (error) {
      if (error.code === 1) self.say("您没有允许使用位置，这没关系。请在下面输入村名或乡镇名查找，或者从乡镇列表里选。");
      else if (error.code === 3) self.say("定位超时了。可以到开阔的地方再试一次，或者在下面输入村名或乡镇名查找。");
      else self.say("暂时无法获得您的位置。请在下面输入村名或乡镇名查找。");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  };

  Finder.prototype.filters = function () {
    var age = this.root.querySelector(".finder__age").value.split("-");
    return {
      ageMin: age.length === 2 ? parseInt(age[0], 10) : null,
      ageMax: age.length === 2 ? parseInt(age[1], 10) : null,
      vaccine: this.root.querySelector(".finder__vaccine").value,
      walkIn: this.root.querySelector(".finder__walkin").checked,
      today: this.root.querySelector(".finder__today").checked
    };
  };

  function matches(site, want, index) {
    if (index.states[site.state].key !== "open") return false;
    if (want.walkIn && !site.walk_in) return false;
    var vaccineOk = site.vaccines.some(function (v) {
      if (want.vaccine && index.vaccines[v[0]] !== want.vaccine) return false;
      if (want.ageMin === null) return true;
      return v[1] <= want.ageMax && (v[2] === null || v[2] >= want.ageMin);
    });
    if (!vaccineOk) return false;
    if (want.today && todayKnown()) {
      var today = window.VaxHours.describe({ state: "open", weekly: site.hours.weekly, exceptions: site.hours.exceptions },
                                           window.VaxHours.chinaNow());
      if (today.text.indexOf("开放") !== 0) return false;
    }
    return true;
  }

  // Cells sorted by how near their rectangle comes to the point.
  function cellOrder(index, lat, lon) {
    return index.cells.map(function (key) {
      var p = key.split("_"), s = parseInt(p[0], 10) * index.cell, w = parseInt(p[1], 10) * index.cell;
      var clat = Math.min(Math.max(lat, s), s + index.cell), clon = Math.min(Math.max(lon, w), w + index.cell);
      return { key: key, km: flatKm(lat, lon, clat, clon) / 1.02 };
    }).sort(function (x, y) { return x.km - y.km; });
  }

  Finder.prototype.search = function () {
    var self = this, position = this.position;
    this.withIndex(function (index) {
      var want = self.filters(), order = cellOrder(index, position.lat, position.lon), hits = [], visits = [], next = 0;
      var days = visitWindow(index);
      function more() {
        var enough = hits.length >= self.count;
        var reach = enough ? Math.max(hits[self.count - 1].km, index.visit_km) : Infinity;
        if (next >= order.length || order[next].km > reach) {
          return self.show(hits.slice(0, self.count), index, visits.slice(0, VISITS_SHOWN));
        }
        getJSON(self.base + "finder/cells/" + order[next].key + ".json", function (cell) {
          next++;
          (cell.visits || []).forEach(function (row) {
            var visit = {};
            index.visit_fields.forEach(function (name, i) { visit[name] = row[i]; });
            if (visit.date < days.from || visit.date >= days.to) return;
            var g = geodesic(position.lat, position.lon, visit.lat, visit.lon);
            if (g.km <= index.visit_km) visits.push({ visit: visit, km: g.km, bearing: g.bearing });
          });
          // The resident's own village first (a place chosen by name), then the soonest, then the nearest.
          visits.sort(function (x, y) {
            var own = (y.visit.url && y.visit.url === position.url) - (x.visit.url && x.visit.url === position.url);
            return own || (x.visit.date < y.visit.date ? -1 : x.visit.date > y.visit.date ? 1 : x.km - y.km);
          });
          cell.sites.forEach(function (row) {
            var site = {};
            index.site_fields.forEach(function (name, i) { site[name] = row[i]; });
            site.hours = cell.hours[site.hours];
            if (!matches(site, want, index)) return;
            var g = geodesic(position.lat, position.lon, site.lat, site.lon);
            hits.push({ site: site, km: g.km, bearing: g.bearing });
          });
          hits.sort(function (x, y) { return x.km - y.km || (x.site.id < y.site.id ? -1 : 1); });
          more();
        }, function () { self.say("数据没有加载成功，请检查网络后再试。"); });
      }
      more();
    });
  };

  // The phone's today and the day visit_days after it, as "2026-11-28" (visits are compared as text).
  function visitWindow(index) {
    var now = window.VaxHours ? window.VaxHours.chinaNow() : { iso: new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10) };
    var until = new Date(Date.parse(now.iso + "T00:00:00Z") + index.visit_days * 86400000).toISOString().slice(0, 10);
    return { from: now.iso, to: until };
  }

  function dateText(iso) {
    var days = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
    var d = new Date(Date.parse(iso + "T00:00:00Z"));
    return (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日（" + days[d.getUTCDay()] + "）";
  }

  Finder.prototype.outside = function (index) {
    var b = index.bounds, p = this.position;
    var lat = Math.min(Math.max(p.lat, b.south), b.north), lon = Math.min(Math.max(p.lon, b.west), b.east);
    return flatKm(p.lat, p.lon, lat, lon);
  };

  // 流动接种 near the resident in the coming days, before the fixed sites.
  Finder.prototype.showVisits = function (visits, index) {
    var self = this;
    visits.forEach(function (hit) {
      var visit = hit.visit, li = document.createElement("li");
      li.className = "finder__visit";
      li.setAttribute("data-visit-date", visit.date);
      var when = document.createElement("strong");
      when.textContent = dateText(visit.date) + " " + visit.hours;
      li.appendChild(when);
      li.appendChild(document.createTextNode(" 流动接种到" + visit.place + (visit.where ? "（" + visit.where + "）" : "") + "："));
      var team = document.createElement("a");
      team.href = self.base + index.site_url.replace("{id}", visit.site);
      team.textContent = visit.team;
      li.appendChild(team);
      var line = document.createElement("p");
      line.textContent = distanceText(hit) + " · " + visit.township;
      li.appendChild(line);
      self.results.appendChild(li);
    });
  };

  Finder.prototype.show = function (hits, index, visits) {
    var self = this, p = this.position;
    this.results.textContent = "";
    this.showVisits(visits || [], index);
    var away = this.outside(index);
    var lead = away > FAR_KM
      ? "您现在的位置不在" + index.county + "（离县界约 " + Math.round(away) + " 公里）。本站只有" + index.county +
        "的接种点，您可以咨询当地疾控中心或拨打 12320。下面是" + index.county + "离您最近的接种点："
      : "离" + p.label + "最近的" + (hits.length ? " " + hits.length + " 个" : "") + "接种点" +
        (p.note ? "（" + p.note + "）" : "") + "：";
    if (!hits.length) lead = "没有符合条件的正常开放的接种点。请减少上面的筛选条件再试。";
    if (!todayKnown()) lead += "（这是以前保存的信息，今天开不开，请先打电话确认。）";
    if (visits && visits.length) {
      lead = index.visit_days + " 天内有流动接种到" + p.label + "附近（" + index.visit_km + " 公里内），" +
        "最近的几次列在最前面。" + lead;
    }
    this.say(lead);
    hits.forEach(function (hit) {
      var site = hit.site, li = document.createElement("li");
      li.setAttribute("data-site-id", site.id);
      var link = document.createElement("a");
      link.href = self.base + index.site_url.replace("{id}", site.id);
      link.textContent = site.name;
      li.appendChild(link);
      var facts = [distanceText(hit), site.township, site.walk_in ? "可以直接去" : "需要预约"];
      if (todayKnown()) {
        var state = index.states[site.state];
        facts.push("今天" + window.VaxHours.describe({ state: state.key, label: state.label,
          weekly: site.hours.weekly, exceptions: site.hours.exceptions }, window.VaxHours.chinaNow()).text);
      }
      var line = document.createElement("p");
      var distance = document.createElement("span");
      distance.className = "finder__distance";
      distance.textContent = facts[0];
      line.appendChild(distance);
      line.appendChild(document.createTextNode(" · " + facts.slice(1).join(" · ")));
      li.appendChild(line);
      if (site.phone) {
        var tel = document.createElement("a");
        tel.href = "tel:" + site.phone.replace(/[^0-9]/g, "");
        tel.textContent = "电话 " + site.phone;
        li.appendChild(tel);
      }
      if (index.navigation && window.VaxNavigate) {
        li.appendChild(window.VaxNavigate.menu(index.navigation, site.name, site.address, site.lat, site.lon, site.nav));
      }
      self.results.appendChild(li);
    });
  };

  Finder.prototype.suggest = function (text) {
    var self = this, query = text.trim().toLowerCase();
    this.suggestions.textContent = "";
    if (!query) return;
    this.withIndex(function (index) {
      var first = query.charAt(0);
      var file = /[a-z]/.test(first) ? first : index.first_chars[text.trim().charAt(0)];
      if (!file || index.place_files.indexOf(file) < 0) { self.say("没有找到“" + text.trim() + "”，请换个写法，或从乡镇列表里选。"); return; }
      getJSON(self.base + "finder/places/" + file + ".json", function (rows) {
        var found = rows.filter(function (row) {
          return row[0].indexOf(text.trim()) >= 0 || row[1].indexOf(query) === 0;
        }).slice(0, 8);
        if (!found.length) { self.say("没有找到“" + text.trim() + "”，请换个写法，或从乡镇列表里选。"); return; }
        self.say("");
        found.forEach(function (row) {
          var place = {};
          index.place_fields.forEach(function (name, i) { place[name] = row[i]; });
          var li = document.createElement("li"), button = document.createElement("button");
          button.type = "button";
          button.textContent = place.kind === 1 ? place.name : place.name + "（" + place.township + "）";
          button.addEventListener("click", function () {
            self.suggestions.textContent = "";
            self.input.value = place.name;
            self.position = { lat: place.lat, lon: place.lon, label: place.kind === 1 ? place.name + "驻地" : place.name,
                              note: place.kind === 2 ? "位置按乡镇驻地估算" : "", url: place.url };
            self.search();
          });
          li.appendChild(button);
          self.suggestions.appendChild(li);
        });
      });
    });
  };

  function start() {
    var roots = document.querySelectorAll(".finder");
    for (var i = 0; i < roots.length; i++) new Finder(roots[i]);
  }
  window.VaxFinder = { geodesic: geodesic };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
