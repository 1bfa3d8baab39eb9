// The driver app's time to a usable first screen (bench/b7_frontend.py runs this; docs/benchmarks.md).
//
// Usage: node scripts/first-screen.mjs '<json>' with
//   {"targets": [{"name", "url", "selector"}], "repeats": 5, "warmup": 1, "cpuThrottle": 4, "chromium": "/usr/bin/chromium"}
// Prints one JSON object: for each target and repeat, the time from the navigation's start to the moment
// `selector` is on screen and enabled (the page's own clock), the first contentful paint, and the bytes of
// JavaScript and CSS received (as sent on the wire: gzip), each repeat in a fresh context (a cold cache).
import { chromium } from "@playwright/test";

const config = JSON.parse(process.argv[2]);

// Runs in the page before any of its scripts: notes the first moment the selector is usable.
function watchUsable(selector) {
  const check = () => {
    if (window.__usableAt !== undefined) return;
    const element = document.querySelector(selector);
    if (element && !element.disabled && element.getBoundingClientRect().height > 0) {
      window.__usableAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener("DOMContentLoaded", check);
}

async function measure(browser, target) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: config.cpuThrottle });
  const assets = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "script" || type === "stylesheet") assets.push(response);
  });
  await page.addInitScript(watchUsable, target.selector);
  await page.goto(target.url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__usableAt !== undefined, null, { timeout: 60_000, polling: 50 });
  // The first paint's entry may be recorded a moment after the element is usable.
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 5_000 }).catch(() => undefined);
  const timing = await page.evaluate(() => ({
    usable: window.__usableAt,
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
  }));
  const bytes = { js: 0, css: 0 };
  for (const response of assets) {
    const sizes = await response.request().sizes();
    bytes[response.request().resourceType() === "script" ? "js" : "css"] += sizes.responseBodySize;
  }
  await context.close();
  return { usable_ms: timing.usable, fcp_ms: timing.fcp, js_bytes: bytes.js, css_bytes: bytes.css };
}

const browser = await chromium.launch({ executablePath: config.chromium, headless: true });
try {
  const out = {};
  for (const target of config.targets) {
    for (let i = 0; i < config.warmup; i += 1) await measure(browser, target);
    out[target.name] = [];
    for (let i = 0; i < config.repeats; i += 1) out[target.name].push(await measure(browser, target));
  }
  process.stdout.write(JSON.stringify(out));
} finally {
  await browser.close();
}
