import { defineConfig, devices } from "@playwright/test";
import { systemUrl } from "./e2e/system/url";

// The browser tests drive Debian's Chromium against the whole system, which global-setup starts on a
// fresh database (the registry's browser downloads are not reachable here).
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/system/global-setup.ts",
  globalTeardown: "./e2e/system/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The failure summary comes last so that a CI log's tail says why a test failed.
  reporter: process.env.CI
    ? [["list"], ["./e2e/system/failure-summary.ts"]]
    : [["list"], ["html", { open: "never" }], ["./e2e/system/failure-summary.ts"]],
  use: {
    baseURL: systemUrl(),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
    { name: "phone", use: { ...devices["Pixel 7"], viewport: { width: 360, height: 760 } }, grep: /@phone/ },
  ],
});
