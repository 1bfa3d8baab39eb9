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
  // The forms (FormModal): a station's, then an OTA's with the API's refusal shown at the top.
  await page.goto("/console/network");
  await page.getByRole("button", { name: "Nouvelle station" }).click();
  await page.getByRole("dialog").waitFor();
  await page.screenshot({ path: `screens/console-${info.project.name}-form-station.png` });
  await page.goto("/console/firmware");
  await page.getByRole("button", { name: "Planifier une mise à jour" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Version").fill("9.9.9");
  await dialog.getByLabel("Adresse du fichier (HTTPS)").fill("http://example.invalid/fw.bin");
  await dialog.getByLabel("Empreinte SHA-256").fill("a".repeat(64));
  await dialog.getByRole("button", { name: "Planifier une mise à jour" }).click();
  await dialog.getByRole("alert").or(page.getByText("Mise à jour planifiée")).first().waitFor();
  await page.screenshot({ path: `screens/console-${info.project.name}-form-ota.png` });
});
