/* Service worker: keep the pages a resident has opened, and the list of sites, for when there is
   no signal; and say so on every page it serves from its store.

   - Online, the network wins, so nobody sees stale hours when fresh ones can be had. A network
     that has not answered in NETWORK_WAIT ms loses to a stored copy (the download goes on and
     refreshes the copy).
   - A page served from the store carries a notice, written into the page here (no script needed):
     "这是 N 天前保存的页面……". Its <meta name="saved-at"> tells the page's scripts the copy's age, so
     they stop working out "open now" from a copy older than a day.
   - A page that was never stored, opened with no signal, gets a page that says so, not another page.
   - What a resident opened is kept across a new publish. When a new version of the site is
     installed, each stored copy is checked again (a conditional request): changed ones are
     replaced, removed ones dropped, and the rest kept. The pages and files stored at install
     (PRECACHE) belong to their version. */
"use strict";
var VERSION = "__VERSION__";
var PAGES = "vaccine-pages";                  // kept across publishes
var FILES = "vaccine-files-" + VERSION;       // the precached files of this version
var PRECACHE = __PRECACHE__;
var OFFLINE_PAGE = __OFFLINE_PAGE__;
var NETWORK_WAIT = 4000;
var DAY = 86400000;

function scoped(path) { return new URL(path, self.registration.scope).href; }

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(FILES).then(function (cache) {
    return Promise.all(PRECACHE.concat([OFFLINE_PAGE]).map(function (path) {
      return fetch(scoped(path), { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return store(cache, scoped(path), response);
      });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key !== FILES && key !== PAGES; })
                           .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }).then(recheckStoredPages));
});

// After a publish: replace what changed, drop what is gone, keep the rest.
function recheckStoredPages() {
  return caches.open(PAGES).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        return fetch(request.url, { cache: "no-cache" }).then(function (response) {
          if (response.ok) return store(cache, request, response);
          if (response.status === 404 || response.status === 410) return cache.delete(request);
        }).catch(function () { /* no signal: keep the copy */ });
      }));
    });
  });
}

// The copy remembers when it was saved.
function store(cache, request, response) {
  return response.clone().blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("X-Saved-At", String(Date.now()));
    return cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers: headers }));
  });
}

function daysAgoText(days) {
  return days <= 0 ? "今天" : days === 1 ? "昨天" : days + " 天前";
}

// A stored page, as the resident will see it: with the notice of its age.
function fromStore(response, isPage) {
  var saved = Number(response.headers.get("X-Saved-At")) || Date.now();
  if (!isPage) return response;
  return response.text().then(function (html) {
    var days = Math.floor((Date.now() - saved) / DAY);
    var note = '<p class="saved-copy" role="status"><strong>这是' + (days > 1 ? " " : "") + daysAgoText(days) + "保存的页面</strong>，" +
      "现在没有连上网络，内容可能已经变化，请先打电话确认。</p>";
    html = html.replace(/<head>/i, '<head><meta name="saved-at" content="' + saved + '">')
               .replace(/(<main\b[^>]*>)/i, "$1" + note);
    var headers = new Headers(response.headers);
    headers.set("Content-Type", "text/html; charset=utf-8");
    return new Response(html, { status: 200, headers: headers });
  });
}

function stored(request) {
  return caches.match(request, { ignoreSearch: request.mode === "navigate" });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  var isPage = request.mode === "navigate";
  event.respondWith(new Promise(function (resolve) {
    var answered = false;
    function answer(response) { if (!answered) { answered = true; resolve(response); } }
    // Every path ends in an answer, even when the store fails: a request left unanswered would
    // keep this worker busy, and a new version would wait for it before taking over.
    function useStore(otherwise) {
      return stored(request).then(function (hit) {
        if (hit) return answer(fromStore(hit, isPage));
        if (otherwise) otherwise();
      }).catch(function () { if (otherwise) otherwise(); });
    }
    // A page always asks the server (a conditional request), never the browser's HTTP cache.
    var network = fetch(isPage ? new Request(request, { cache: "no-cache" }) : request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) { store(cache, request, copy); });
      }
      answer(response);
    });
    // Slow network: a stored copy after NETWORK_WAIT; the download goes on and refreshes it.
    setTimeout(function () { if (!answered) useStore(null); }, NETWORK_WAIT);
    network.catch(function () {
      useStore(function () {
        if (!isPage) return answer(Response.error());
        caches.match(scoped(OFFLINE_PAGE)).then(function (page) { answer(page || Response.error()); },
                                                function () { answer(Response.error()); });
      });
    });
  }));
});
