/* Service worker: keep the pages a resident has opened, and the list of sites, for when there is
   no signal. Online, the network always wins, so nobody sees stale hours when they can get fresh ones. */
"use strict";
var CACHE = "vaccine-sites-__VERSION__";
var PRECACHE = __PRECACHE__;
var FALLBACK = __FALLBACK__;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (path) { return new URL(path, self.registration.scope).href; }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key !== CACHE; })
                           .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      if (hit) return hit;
      if (request.mode === "navigate") return caches.match(new URL(FALLBACK, self.registration.scope).href);
      return Response.error();
    });
  }));
});
