// The app shell kept by a service worker, so that the kiosk starts (and reloads) while the server is
// down. The worker is built by vite-plugin-pwa (vite.config.ts) and served by Django at /kiosk/sw.js
// (config/webapps.py), so that its scope is the kiosk's pages; it keeps the kiosk's page and the built
// assets (/static/app/...), never an API answer.
export const WORKER_URL = "/kiosk/sw.js";

export function registerShellWorker(): void {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(WORKER_URL, { scope: "/kiosk/" }).catch(() => {
      // No worker (private mode, an old browser): the kiosk works online, and offline once loaded.
    });
  });
}
