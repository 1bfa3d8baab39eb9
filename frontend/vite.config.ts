/// <reference types="vitest/config" />
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// The three apps are three pages of one build; Django serves each page at its prefix (config/webapps.py).
const pages = { driver: "driver.html", kiosk: "kiosk.html", console: "console.html" } as const;

// `npm run dev`: the same URLs as Django (/, /kiosk/..., /console/...), each falling back to its page.
function appRoutes(): Plugin {
  return {
    name: "borne-app-routes",
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? "/";
        const passThrough = /^\/(api|admin|static|@|src|node_modules)|\.[a-z0-9]+(\?|$)/i.test(url);
        if (!passThrough) {
          req.url = url.startsWith("/kiosk") ? "/kiosk.html" : url.startsWith("/console") ? "/console.html" : "/driver.html";
        }
        next();
      });
    },
  };
}

// The kiosk's service worker (src/kiosk/lib/serviceWorker.ts): Django serves it at /kiosk/sw.js so that
// its scope is /kiosk/; it precaches the built assets and the kiosk's page (/kiosk/, as Django answers it),
// the shell a kiosk needs to start while the server is down. The API is never cached.
function kioskWorker(): Plugin[] {
  return VitePWA({
    strategies: "generateSW",
    filename: "kiosk-sw.js",
    scope: "/kiosk/",
    injectRegister: false,
    manifest: false,
    workbox: {
      globPatterns: ["**/*.{js,css,svg,woff2}"],
      globIgnores: ["kiosk-sw.js"],
      // The worker lives at /kiosk/sw.js: the built files are named from the root, where Django serves them.
      modifyURLPrefix: { "": "/static/app/" },
      additionalManifestEntries: [{ url: "/kiosk/", revision: String(Date.now()) }],
      // Navigations: network first, then the precached page (public/kiosk-shell-sw.js).
      importScripts: ["/static/app/kiosk-shell-sw.js"],
      navigateFallback: null,
      inlineWorkboxRuntime: true,
      skipWaiting: true,
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    },
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:8000";

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/app/" : "/",
  plugins: [react(), appRoutes(), ...kioskWorker()],
  appType: "mpa",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: { input: Object.fromEntries(Object.entries(pages).map(([name, file]) => [name, resolve(here, file)])) },
  },
  server: {
    port: 5173,
    proxy: { "/api": backend, "/admin": backend, "/static": backend },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
}));
