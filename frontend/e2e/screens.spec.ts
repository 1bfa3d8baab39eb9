import { test } from "@playwright/test";
import { login } from "./support/driver";

// Not a test of behaviour: screenshots of every driver screen at the project's viewport, for a person to
// look at (`npx playwright test screens --project=desktop --project=phone`); skipped unless SCREENS=1.
test.skip(!process.env.SCREENS, "screenshots only on request");

const screens = ["/", "/stations", "/book", "/reservations", "/badges", "/history", "/account"];

test("driver screens @phone", async ({ page }, info) => {
  await page.goto("/register");
  await page.screenshot({ path: `screens/${info.project.name}-register.png`, fullPage: true });
  await login(page, "pilote1", "Demo-Recharge-2026!");
  await page.waitForURL("/");
  for (const path of screens) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `screens/${info.project.name}-${path.replace(/\//g, "_") || "home"}.png`, fullPage: true });
  }
});
