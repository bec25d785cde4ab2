/**
 * Cross-origin isolation on a static host that sends no COOP/COEP headers (GitHub Pages, most
 * object stores): every same-origin response is handed to the page with the headers `vite preview`
 * sends, so SharedArrayBuffer, and with it multithreaded WASM, is available. The navigation also
 * gets the app's CSP, which keeps every other request out. vite.config.ts writes this file into the
 * build as coi-sw.js, with HEADERS filled in from the same object the preview server uses.
 */
const HEADERS = self.__LVM_LENS_HEADERS__;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      for (const [key, value] of Object.entries(HEADERS)) {
        if (key !== 'Content-Security-Policy' || request.mode === 'navigate')
          headers.set(key, value);
      }
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
