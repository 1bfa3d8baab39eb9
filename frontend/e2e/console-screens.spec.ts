import { test } from "@playwright/test";
import { consoleLogin } from "./support/console";

// Not a test of behaviour: screenshots of every console screen at 1280 and 360 px, for a person to look at
// (`SCREENS=1 npx playwright test console-screens --project=desktop --project=phone`).
test.skip(!process.env.SCREENS, "screenshots only on request");

const screens = ["/", "/supervision", "/network", "/firmware", "/users", "/technicians", "/maintenance", "/activity"];

test("console screens @phone", async ({ page }, info) => {
  await page.goto("/console/login");
  await page.screenshot({ path: `screens/console-${info.project.name}-login.png`, fullPage: true });
  await consoleLogin(page, "admin");
  await page.getByRole("heading", { level: 1, name: "Vue d’ensemble" }).waitFor();
  for (const path of screens) {
    await page.goto(`/console${path}`);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `screens/console-${info.project.name}-${path.replace(/\//g, "_") || "home"}.png`, fullPage: true });
  }
});
