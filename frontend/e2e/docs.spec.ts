import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { expectAccessible, watchPage } from "./support/checks";

// What a newcomer's browser shows first: the API documentation and the Django admin, served by gunicorn
// with the project's own static files and Content-Security-Policy, nothing from another host.

test.describe.configure({ timeout: 120_000 });

test("Swagger UI shows every operation and calls one with a JWT", async ({ page }) => {
  const watch = watchPage(page);
  await page.goto("/api/docs/");
  // The schema is generated on request (a few seconds on a busy machine).
  await expect(page.locator(".swagger-ui .info .title")).toContainText("Borne backend API", { timeout: 60_000 });
  await expect(page.locator(".opblock").first()).toBeVisible();
  expect(await page.locator(".opblock").count()).toBeGreaterThan(80);

  const { token } = await apiAs("pilote1");
  await page.getByRole("button", { name: /Authorize/ }).first().click();
  await page.locator(".auth-container input").first().fill(token);
  const jwt = page.locator(".auth-container").first();
  await jwt.locator("button.authorize").click();
  await expect(jwt.getByText(/Authorized/)).toBeVisible();
  await jwt.locator("button.btn-done").click();

  const me = page.locator("#operations-auth-me");
  await me.locator(".opblock-summary").click();
  await me.getByRole("button", { name: "Try it out" }).click();
  await me.getByRole("button", { name: "Execute" }).click();
  await expect(me.locator(".responses-table .response .response-col_status").first()).toHaveText("200");
  await expect(me.locator(".responses-table .microlight").first()).toContainText("pilote1");
  expect(watch.problems).toEqual([]);
  await expectAccessible(page, "Swagger UI");
});

test("ReDoc renders the schema", async ({ page }) => {
  const watch = watchPage(page);
  await page.goto("/api/redoc/");
  await expect(page.locator("h1").first()).toContainText("Borne backend API", { timeout: 60_000 });
  await expect(page.locator("h2", { hasText: "register_availability" }).first()).toBeAttached();
  // ReDoc's bundle hard-codes its maker's logo from their CDN (no option turns it off): the CSP refuses it,
  // so nothing is loaded from another host, and ReDoc hides the image. Every other request succeeded.
  const logo = /cdn\.redoc\.ly\/redoc\/logo-mini\.svg/;
  expect(watch.problems.filter((p) => !logo.test(p))).toEqual([]);
  // The whole page repeats one set of components for each of 150 operations (axe on all of it takes
  // minutes): the menu, the introduction and the first operations cover every component it renders.
  await expectAccessible(page, "ReDoc", [".menu-content", ".api-content > div:nth-child(-n+4)"]);
});

test("the Django admin is styled and signs a staff member in", async ({ page }) => {
  const watch = watchPage(page);
  await page.goto("/admin/login/");
  const css = await page.evaluate(() => [...document.styleSheets].map((s) => s.href ?? "").filter(Boolean));
  expect(css.some((href) => /\/static\/admin\/css\/base\.[0-9a-f]{12}\.css$/.test(href))).toBe(true);
  // The admin's own style applied: its header has the admin's colours, not the browser's defaults.
  await expect(page.locator("#header")).toHaveCSS("background-color", /rgb\((?!0, 0, 0\))/);
  await expectAccessible(page, "admin login");
  await page.getByLabel(/Nom d’utilisateur|Username|Pseudo/i).fill("admin");
  await page.getByLabel(/Mot de passe|Password/i).fill("Demo-Recharge-2026!");
  await page.getByRole("button", { name: /Connexion|Log in/ }).click();
  await expect(page.locator("#site-name")).toBeVisible();
  expect(watch.problems).toEqual([]);
});

test("static files: hashed names are immutable for a year, compressed", async ({ request }) => {
  const page = await request.get("/admin/login/");
  const href = /href="(\/static\/admin\/css\/base\.[0-9a-f]{12}\.css)"/.exec(await page.text())?.[1];
  expect(href).toBeTruthy();
  const css = await request.get(href ?? "", { headers: { "Accept-Encoding": "gzip, br" } });
  expect(css.status()).toBe(200);
  expect(css.headers()["cache-control"]).toContain("max-age=315360000");
  expect(css.headers()["cache-control"]).toContain("immutable");
  expect(["br", "gzip"]).toContain(css.headers()["content-encoding"]);
});
