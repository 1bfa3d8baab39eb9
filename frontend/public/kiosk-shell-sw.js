/* global self, caches, fetch, Response, URL */
// Part of the kiosk's service worker (imported first by the worker vite-plugin-pwa builds, see
// vite.config.ts): a navigation to a kiosk page goes to the server first, so a deploy is picked up at once,
// and, when the server does not answer, gets the kiosk's page from the precache. The page's answer varies
// on Accept-Language (Django's locale middleware) while the app chooses its language itself: the lookup
// ignores Vary and the precache's revision parameter.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.mode !== "navigate" || url.origin !== self.location.origin || !/^\/kiosk(\/|$)/.test(url.pathname)) return;
  event.respondWith(
    fetch(event.request).catch(async () => (await caches.match("/kiosk/", { ignoreVary: true, ignoreSearch: true })) ?? Response.error()),
  );
});
