/// <reference types="vitest/config" />
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

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

const here = dirname(fileURLToPath(import.meta.url));
const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:8000";

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/app/" : "/",
  plugins: [react(), appRoutes()],
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
