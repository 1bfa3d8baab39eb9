import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Records every failed request and console error of a page, to assert there were none. A request the
 * browser itself cancelled (`net::ERR_ABORTED`: a page left or reloaded while a poll was on its way, a
 * query cancelled as its screen unmounts) is not a failure: how often it happens depends only on timing.
 */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "";
    if (reason !== "net::ERR_ABORTED") problems.push(`failed: ${request.url()} ${reason}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 500) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { problems };
}

/** axe on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, name: string, include: string[] = []): Promise<void> {
  await page.mouse.move(1, 1); // no hover state left on what was just clicked
  // Nothing half-way through a transition (a dialog fading in, a hover colour fading out): axe would
  // measure the contrast of colours blended with what is behind them. Endless ones (a spinner) never end.
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
    null,
    { timeout: 5_000 },
  );
  let builder = new AxeBuilder({ page }).options({ resultTypes: ["violations"] });
  for (const selector of include) builder = builder.include(selector);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
