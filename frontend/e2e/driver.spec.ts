import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { apiAs, kioskOf } from "./support/api";
import { expectAccessible, watchPage } from "./support/checks";
import { fillBooking, login, navigate, newDriver, NEW_PASSWORD, register } from "./support/driver";
import { mailTo } from "./support/mail";

// The driver app against the whole running system (gunicorn, worker, broker, simulated devices).
test.describe.configure({ mode: "serial", timeout: 180_000 });

const driver = newDriver();
const STATION = "Lyon Part-Dieu";

test("a new driver registers, links a badge at a kiosk, books, cancels and is refused a taken slot", async ({ page }) => {
  const watch = watchPage(page);
  await page.goto("/register");
  await expectAccessible(page, "register");
  await register(page, driver);
  await expectAccessible(page, "dashboard");

  // Badge: the app shows a one-use code; the kiosk half (code typed, badge presented) goes through the API.
  await navigate(page, "Mes badges");
  await page.getByRole("button", { name: "Lier un nouveau badge" }).click();
  const code = (await page.getByTestId("link-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^\w{4,}$/);
  await expectAccessible(page, "badges");
  const { kiosk } = await kioskOf("Part-Dieu A");
  const linked = await kiosk.post("/api/terminal/rfid-link/", { data: { code, uid: `04:A2:${Date.now().toString(16).slice(-6)}` } });
  expect(linked.status()).toBe(201);
  await page.reload();
  await expect(page.getByTestId("badge")).toHaveCount(1);

  // A booking for now, by code: the access is shown at once.
  await fillBooking(page, { station: STATION, start: "Maintenant", duration: "1 h", cabinet: "Part-Dieu A", mode: "Code" });
  await expectAccessible(page, "booking form");
  await page.getByRole("button", { name: "Confirmer la réservation" }).click();
  await expect(page.getByRole("heading", { name: "Réservation confirmée" })).toBeVisible();
  await expect(page.getByTestId("access-code")).toHaveText(/^\d{6,8}$/);
  await expectAccessible(page, "access");

  // Another booking tomorrow, by QR, then cancelled from "my bookings".
  await fillBooking(page, { station: STATION, start: "10:00", duration: "2 h", cabinet: "Part-Dieu B", mode: "QR code", daysAhead: 1 });
  await page.getByRole("button", { name: "Confirmer la réservation" }).click();
  await expect(page.getByTestId("access-qr")).toBeVisible();
  const reference = (await page.getByTestId("reference-code").textContent())?.trim() ?? "";
  await navigate(page, "Mes réservations");
  const card = page.getByTestId(`reservation-${reference}`);
  await card.getByRole("button", { name: "Annuler" }).click();
  await expectAccessible(page, "cancel dialog");
  await page.getByRole("button", { name: "Oui, annuler" }).click();
  await page.getByRole("tab", { name: "Passées" }).click();
  await expect(page.getByTestId(`reservation-${reference}`).getByText("Annulée")).toBeVisible();
  await expectAccessible(page, "reservations");

  // A slot another driver takes while this one is choosing: the API's reason is shown.
  await fillBooking(page, { station: STATION, start: "14:00", duration: "1 h", cabinet: "Part-Dieu B", bay: "N° 1", mode: "Code", daysAhead: 2 });
  const { api: other } = await apiAs("pilote2");
  const stations = (await (await other.get("/api/stations/")).json()) as { id_station: number; nom: string }[];
  const station = stations.find((s) => s.nom === STATION)?.id_station;
  const bays = (await (await other.get(`/api/stations/${station}/availability/?duration_minutes=60&date_debut=${encodeURIComponent(await slotOf())}`)).json()) as { id_emplacement: number; borne_nom: string; numero: number }[];
  const bay = bays.find((b) => b.borne_nom === "Part-Dieu B" && b.numero === 1);
  const taken = await other.post("/api/reservations/", { data: { emplacement: bay?.id_emplacement, date_debut: await slotOf(), duration_minutes: 60, auth_choice: "code" } });
  expect(taken.status()).toBe(201);
  await page.getByRole("button", { name: "Confirmer la réservation" }).click();
  await expect(page.getByRole("alert")).toContainText(/cr[ée]neau/i);
  await expect(page.getByRole("heading", { name: "Réservation confirmée" })).toHaveCount(0);
  // Expected refusals: the anonymous visitor's "is there a session?" refresh (401), the taken slot (409).
  expect(watch.problems.filter((p) => !/status of (401|409)/.test(p))).toEqual([]);
});

test("a driver opens a kiosk with the phone and sees the session open", async ({ page }) => {
  await login(page, driver.pseudo, driver.password);
  await expect(page.getByRole("heading", { name: "Accueil", level: 1 })).toBeVisible();
  const { kiosk } = await kioskOf("Part-Dieu A");
  const created = await kiosk.post("/api/terminal/mobile-sessions/");
  expect(created.status()).toBe(201);
  const { token, qr_payload } = (await created.json()) as { token: string; qr_payload: string };
  await page.goto(new URL(qr_payload).pathname);
  await expect(page.getByRole("heading", { name: "Ouvrir avec mon téléphone" })).toBeVisible();
  await expectAccessible(page, "pairing");
  await page.getByRole("button", { name: "Ouvrir cette réservation" }).click();
  await expect(page.getByText("La borne ouvre votre emplacement")).toBeVisible();
  expect(((await (await kiosk.get(`/api/terminal/mobile-sessions/${token}/`)).json()) as { status: string }).status).toBe("authorized");
  const consumed = await kiosk.post(`/api/terminal/mobile-sessions/${token}/consume/`);
  expect(consumed.status()).toBe(201);
  await navigate(page, "Accueil");
  // The simulated bay unlocks, is plugged in and charges: the dashboard follows it live.
  await expect(page.getByTestId("open-session")).toContainText(/En charge|Branchez votre véhicule|Accès validé/, { timeout: 30_000 });
  await expect(page.getByTestId("open-session")).toContainText("En charge", { timeout: 30_000 });
  await expectAccessible(page, "dashboard with a session");
});

test("the forgotten password by e-mail, then the GDPR export", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "Mot de passe oublié ?" }).click();
  await expectAccessible(page, "forgot password");
  await page.getByLabel("Adresse e-mail").fill(driver.email);
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(page.getByRole("status")).toContainText("Si un compte existe");
  const mail = await mailTo(driver.email, "reset-password#uid=");
  const link = /(http\S+\/reset-password#uid=[^\s&]+&token=\S+)/.exec(mail.replace(/=\r?\n/g, ""))?.[1];
  expect(link).toBeTruthy();
  await page.goto(new URL(link ?? "").pathname + new URL(link ?? "").hash);
  await page.getByLabel(/^Nouveau mot de passe/).fill(NEW_PASSWORD);
  await page.getByLabel("Confirmez le nouveau mot de passe").fill(NEW_PASSWORD);
  await expectAccessible(page, "reset password");
  await page.getByRole("button", { name: "Changer le mot de passe" }).click();
  await expect(page.getByRole("status")).toContainText("Votre mot de passe a été changé");

  await login(page, driver.pseudo, NEW_PASSWORD);
  await expect(page.getByRole("heading", { name: "Accueil", level: 1 })).toBeVisible();
  await navigate(page, "Mon compte");
  await expectAccessible(page, "account");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger mes données" }).click();
  const file = await download;
  const data = JSON.parse(readFileSync((await file.path()) ?? "", "utf8")) as { account: { pseudo: string; email: string }; reservations: unknown[] };
  expect(data.account.pseudo).toBe(driver.pseudo);
  expect(data.account.email).toBe(driver.email);
  expect(data.reservations.length).toBeGreaterThanOrEqual(2);

  // The messages of the driver's bookings are in the development mailbox, in French (their language).
  const confirmation = await mailTo(driver.email, "Content-Type: text/calendar");
  expect(confirmation).toContain(`Bonjour ${driver.pseudo}`);
  expect(confirmation).toContain("Content-Type: text/html");
  // The language of the messages, on the profile: English, then back to French.
  const messagesCard = page.getByRole("radiogroup", { name: "Langue de vos messages" });
  await expect(messagesCard).toBeVisible();
  await messagesCard.getByText("English", { exact: true }).click();
  await expect(page.getByRole("heading", { name: "My account", level: 1 })).toBeVisible();
  const { api: self } = await apiAs(driver.pseudo, NEW_PASSWORD);
  await expect.poll(async () => ((await (await self.get("/api/account/profile/")).json()) as { preferred_language?: string }).preferred_language).toBe("en");
  await page.getByRole("radiogroup", { name: "Language of your messages" }).getByText("Français", { exact: true }).click();
  await expect(page.getByRole("heading", { name: "Mon compte", level: 1 })).toBeVisible();

  for (const name of ["Stations", "Historique d’accès"]) {
    await navigate(page, name);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page, name);
  }
  await page.goto("/terms");
  await expectAccessible(page, "terms");
});

test("the booking flow on a 360 px phone @phone", async ({ page }) => {
  const phoneDriver = newDriver();
  await register(page, phoneDriver);
  await fillBooking(page, { station: "Villeurbanne Gratte-Ciel", start: "Maintenant", duration: "30 min", cabinet: "Gratte-Ciel", mode: "Code" });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole("button", { name: "Confirmer la réservation" }).click();
  await expect(page.getByTestId("access-code")).toBeVisible();
  await expectAccessible(page, "access on a phone");
});

/** The start the booking screen will send, read from its fields (the day and time chosen). */
async function slotOf(): Promise<string> {
  const target = new Date(Date.now() + 2 * 86_400_000);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(target);
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", timeZoneName: "longOffset" }).format(new Date(`${day}T12:00:00Z`)).split("GMT")[1] ?? "+01:00";
  return `${day}T14:00:00${offset}`;
}
