import { expect, request, test, type Page } from "@playwright/test";
import { apiAs, DEMO_PASSWORD } from "./support/api";
import { expectAccessible, watchPage } from "./support/checks";
import { choose, consoleLogin, consoleNavigate, parseCsv, publishAsDevice } from "./support/console";
import { systemUrl } from "./system/url";

// The console against the whole running system (gunicorn, worker, broker, simulated devices).
test.describe.configure({ timeout: 180_000 });

const RUN = Date.now().toString(36).slice(-5);
const LYON = "Lyon Part-Dieu";
const VILLEURBANNE = "Villeurbanne Gratte-Ciel";

interface Borne { id_borne: number; nom: string; mqtt_prefix: string; station: number }
interface Station { id_station: number; nom: string }

/** A new account through the public API (the password is known, unlike an admin-created one). */
async function registerUser(pseudo: string): Promise<number> {
  const anonymous = await request.newContext({ baseURL: systemUrl() });
  const created = await anonymous.post("/api/auth/register/", { data: {
    pseudo, email: `${pseudo}@e2e.local`, password: DEMO_PASSWORD, cgu_accepted: true, privacy_policy_accepted: true, notifications_accepted: false,
  } });
  expect(created.status(), await created.text()).toBe(201);
  const { user } = (await created.json()) as { user: { id_user: number } };
  await anonymous.dispose();
  return user.id_user;
}

async function stationId(name: string): Promise<number> {
  const { api } = await apiAs("admin");
  const stations = (await (await api.get("/api/admin/stations/")).json()) as Station[];
  await api.dispose();
  const station = stations.find((s) => s.nom === name);
  if (!station) throw new Error(`no station ${name}`);
  return station.id_station;
}

async function cabinet(name: string): Promise<Borne> {
  const { api } = await apiAs("admin");
  const bornes = (await (await api.get("/api/admin/bornes/")).json()) as Borne[];
  await api.dispose();
  const borne = bornes.find((b) => b.nom === name);
  if (!borne) throw new Error(`no cabinet ${name}`);
  return borne;
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole("tab", { name, exact: true }).click();
}

test("a driver who opens the console is told it is not for them", async ({ page }) => {
  await consoleLogin(page, "pilote1");
  await expect(page.getByRole("heading", { name: "Cette console n’est pas pour vous" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ouvrir l’application conducteur" })).toBeVisible();
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expectAccessible(page, "not for drivers");
});

test("an operator creates a station, a cabinet and its bays, issues a kiosk key and sees the devices come online", async ({ page }) => {
  const watch = watchPage(page);
  const stationName = `Station E2E ${RUN}`;
  const cabinetName = `Borne E2E ${RUN}`;
  await page.goto("/console/");
  await expect(page).toHaveURL(/\/console\/login/);
  await expectAccessible(page, "login");
  await consoleLogin(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Vue d’ensemble" })).toBeVisible();
  await expect(page.getByText("Équipements", { exact: true })).toBeVisible();
  await expectAccessible(page, "overview");

  await consoleNavigate(page, "Réseau");
  await expectAccessible(page, "stations");
  await page.getByRole("button", { name: "Nouvelle station" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nom").fill(stationName);
  await dialog.getByLabel("Adresse").fill("1 rue des Essais, 69007 Lyon");
  await dialog.getByLabel("Latitude").fill("45.7400");
  await dialog.getByLabel("Longitude").fill("4.8400");
  await expectAccessible(page, "station form");
  await dialog.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("cell", { name: stationName })).toBeVisible();

  await tab(page, "Bornes");
  await page.getByRole("button", { name: "Nouvelle borne" }).click();
  await choose(page, "Station", stationName, dialog);
  await dialog.getByLabel("Nom").fill(cabinetName);
  await dialog.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("cell", { name: cabinetName })).toBeVisible();
  await expectAccessible(page, "cabinets");

  await tab(page, "Emplacements");
  for (const numero of [1, 2]) {
    await page.getByRole("button", { name: "Nouvel emplacement" }).click();
    await choose(page, "Borne", `${stationName} · ${cabinetName}`, dialog);
    await dialog.getByLabel("Numéro").fill(String(numero));
    await dialog.getByRole("button", { name: "Enregistrer" }).click();
    await expect(dialog).toHaveCount(0);
  }
  // The same bay twice: the API's refusal is shown in words.
  await page.getByRole("button", { name: "Nouvel emplacement" }).click();
  await choose(page, "Borne", `${stationName} · ${cabinetName}`, dialog);
  await dialog.getByLabel("Numéro").fill("1");
  await dialog.getByRole("button", { name: "Enregistrer" }).click();
  await expect(dialog.getByRole("alert").or(dialog.getByText(/existe|déjà/i)).first()).toBeVisible();
  await dialog.getByRole("button", { name: "Annuler" }).click();
  await expect(page.getByRole("row").filter({ hasText: cabinetName })).toHaveCount(2);
  await expectAccessible(page, "bays");

  // The kiosk key: shown once with its QR code, and it works for the kiosk.
  await tab(page, "Bornes");
  await expect(page.getByRole("alert")).toHaveCount(0); // the "saved" notifications have gone (axe checks the dialog alone)
  const row = page.getByRole("row").filter({ hasText: cabinetName });
  await row.getByRole("button", { name: "Clé du kiosque" }).click();
  await page.getByRole("menuitem", { name: "Émettre ou renouveler la clé" }).click();
  const key = ((await page.getByTestId("kiosk-key").textContent()) ?? "").trim();
  expect(key.length).toBeGreaterThan(20);
  await expect(page.getByRole("img", { name: "QR code d’installation du kiosque" })).toBeVisible();
  await expectAccessible(page, "kiosk key");
  const kiosk = await request.newContext({ baseURL: systemUrl(), extraHTTPHeaders: { Authorization: `Terminal ${key}` } });
  expect((await kiosk.get("/api/terminal/offline-cache/")).status()).toBe(200);
  await kiosk.dispose();
  await page.keyboard.press("Escape");

  // The cabinet's two devices are switched on: their birth messages reach the broker, the console shows them online.
  const borne = await cabinet(cabinetName);
  await tab(page, "Équipements");
  await choose(page, "Station", stationName);
  const devices = page.getByRole("row").filter({ hasText: stationName });
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: "provisionné" })).toHaveCount(2);
  for (const bay of [1, 2]) {
    await publishAsDevice(borne.mqtt_prefix, bay, "status", { state: "online", boot_id: Date.now(), firmware_version: "1.0.0", ip_address: `10.0.0.${bay}`, mac_address: `02:E2:E0:00:00:0${bay}`, ts: new Date().toISOString() }, true);
  }
  await expect(devices.filter({ hasText: "en ligne" })).toHaveCount(2, { timeout: 20_000 });
  await expectAccessible(page, "devices");

  // Once a driver has booked there, the new station has history: the API refuses its deletion with its
  // reason, and the console offers to deactivate it instead.
  const pseudo = `first_${RUN}`;
  await registerUser(pseudo);
  const { api: driver } = await apiAs(pseudo);
  const newStation = borne.station;
  const start = new Date(Math.ceil((Date.now() + 26 * 3_600_000) / 1_800_000) * 1_800_000).toISOString();
  const bays = (await (await driver.get(`/api/stations/${newStation}/availability/?duration_minutes=60&date_debut=${encodeURIComponent(start)}`)).json()) as { id_emplacement: number; available: boolean }[];
  const booked = await driver.post("/api/reservations/", { data: { emplacement: bays.find((b) => b.available)?.id_emplacement, date_debut: start, duration_minutes: 60, auth_choice: "code" } });
  expect(booked.status(), await booked.text()).toBe(201);
  await driver.dispose();
  await tab(page, "Stations");
  const stationRow = page.getByRole("row").filter({ hasText: stationName });
  await stationRow.getByRole("button", { name: "Supprimer" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Supprimer" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("Suppression impossible");
  await expectAccessible(page, "delete refused");
  await page.getByRole("dialog").getByRole("button", { name: "Passer inactif" }).click();
  await expect(stationRow.getByText("inactive", { exact: true })).toBeVisible();
  // Expected refusals only: the session probe before login (401), the technician probe of a staff member (403), the refused bay and delete (400, 409).
  expect(watch.problems.filter((p) => !/status of (400|401|403|409)/.test(p))).toEqual([]);
});

test("an overheating device raises an alert seen live; a technician of the station acknowledges and resolves it, one of another station never sees it", async ({ page, browser }) => {
  // A technician of Villeurbanne only, set up by the operator through the API.
  const otherPseudo = `tech_vil_${RUN}`;
  const otherUser = await registerUser(otherPseudo);
  const { api: admin } = await apiAs("admin");
  const technician = await admin.post("/api/admin/technicians/", { data: { utilisateur: otherUser, nom: `Tech Villeurbanne ${RUN}` } });
  expect(technician.status(), await technician.text()).toBe(201);
  const { id_technicien } = (await technician.json()) as { id_technicien: number };
  const assigned = await admin.post("/api/admin/technician-assignments/", { data: { technicien: id_technicien, station: await stationId(VILLEURBANNE), role: "intervenant" } });
  expect(assigned.status(), await assigned.text()).toBe(201);

  // The demo technician (referent of Lyon Part-Dieu) watches supervision.
  await consoleLogin(page, "tech");
  await expect(page.getByRole("heading", { level: 1, name: "Supervision" })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Réseau" })).toHaveCount(0);
  await expectAccessible(page, "technician supervision");
  const alerts = page.getByRole("table").getByRole("row").filter({ hasText: /Temp/i });
  await expect(page.getByText("Aucune alerte pour ces filtres.")).toBeVisible();

  // The sensor of Part-Dieu A, bay 1 reports 85 °C, as the device would on the broker.
  const partDieu = await cabinet("Part-Dieu A");
  await publishAsDevice(partDieu.mqtt_prefix, 1, "sensor", { ts: new Date().toISOString(), readings: [{ type: "temperature", unite: "°C", valeur: 85 }] });
  await expect(alerts.first()).toBeVisible({ timeout: 20_000 });
  await expect(alerts.first()).toContainText(LYON);
  await expectAccessible(page, "alert raised");

  // The other station's technician never sees it, in the console nor through the API.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await consoleLogin(other, otherPseudo);
  await expect(other.getByRole("heading", { level: 1, name: "Supervision" })).toBeVisible();
  await expect(other.getByText("Aucune alerte pour ces filtres.")).toBeVisible();
  await expect(other.getByText(LYON)).toHaveCount(0);
  const { api: otherApi } = await apiAs(otherPseudo);
  const seen = (await (await otherApi.get("/api/technician/supervision/?scope=alerts&page=1&page_size=50")).json()) as { results: { station_nom: string }[] };
  expect(seen.results.filter((a) => a.station_nom === LYON)).toEqual([]);

  // Acknowledge, then resolve with a note.
  await alerts.first().getByRole("button", { name: "Prendre en charge" }).click();
  await expect(alerts.first()).toContainText("prise en charge");
  await alerts.first().getByRole("button", { name: "Résoudre" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Résoudre" }).click();
  await expect(dialog.getByText("Décrivez l’intervention.")).toBeVisible();
  await dialog.getByLabel("Note de résolution").fill("Ventilation nettoyée, température revenue à 31 °C.");
  await expectAccessible(page, "resolve dialog");
  await dialog.getByRole("button", { name: "Résoudre" }).click();
  await expect(alerts).toHaveCount(0);
  const resolved = (await (await admin.get("/api/admin/supervision/?scope=alerts&status=resolue&page=1&page_size=50")).json()) as { results: { station_nom: string; resolution_note: string; resolved_by_nom: string | null }[] };
  expect(resolved.results.find((a) => a.station_nom === LYON)?.resolution_note).toBe("Ventilation nettoyée, température revenue à 31 °C.");
  await expect(other.getByText(LYON)).toHaveCount(0);
  await otherContext.close();
  await admin.dispose();
  await otherApi.dispose();
});

test("an OTA is scheduled and followed to up to date", async ({ page }) => {
  await consoleLogin(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Vue d’ensemble" })).toBeVisible();
  await consoleNavigate(page, "Micrologiciels");
  await choose(page, "Station", LYON);
  const row = page.getByRole("row").filter({ hasText: `${LYON} · borne Part-Dieu A · emplacement 2` });
  await expect(row).toHaveCount(1);
  await expectAccessible(page, "firmware");
  const version = `1.${Number.parseInt(RUN, 36) % 90 + 2}.0`;
  await row.getByRole("button", { name: "Planifier une mise à jour" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Version").fill(version);
  await dialog.getByLabel("Adresse du fichier (HTTPS)").fill(`https://firmware.example.org/borne-${version}.bin`);
  await dialog.getByLabel("Empreinte SHA-256").fill("abc");
  await dialog.getByRole("button", { name: "Planifier une mise à jour" }).click();
  await expect(dialog.getByText("64 caractères hexadécimaux.")).toBeVisible();
  await dialog.getByLabel("Empreinte SHA-256").fill("9f".repeat(32));
  await expectAccessible(page, "ota form");
  await dialog.getByRole("button", { name: "Planifier une mise à jour" }).click();
  await expect(dialog).toHaveCount(0);
  // Followed live: the device downloads, installs, reboots into the new version, which the console shows.
  await expect(row.getByRole("cell").nth(1)).toHaveText(version, { timeout: 60_000 });
  await expect(row.getByText("à jour", { exact: true })).toBeVisible();
});

test("a suspended user can no longer sign in", async ({ page, browser }) => {
  const pseudo = `suspendu_${RUN}`;
  await registerUser(pseudo);
  await consoleLogin(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Vue d’ensemble" })).toBeVisible();
  await consoleNavigate(page, "Utilisateurs");
  await page.getByLabel("Rechercher (pseudo, e-mail, nom)").fill(pseudo);
  await page.getByRole("link", { name: pseudo }).click();
  await expect(page.getByRole("heading", { level: 1, name: pseudo })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Journal de sécurité" })).toBeVisible();
  await expectAccessible(page, "user detail");
  await page.getByRole("button", { name: "Suspendre" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Suspendre" }).click();
  await expect(page.getByText("suspendu", { exact: true })).toBeVisible();

  const anonymous = await request.newContext({ baseURL: systemUrl() });
  const login = await anonymous.post("/api/auth/login/", { data: { pseudo, password: DEMO_PASSWORD } });
  expect(login.status()).toBeGreaterThanOrEqual(400);
  expect(login.status()).toBeLessThan(500);
  await anonymous.dispose();
  const context = await browser.newContext();
  const driverPage = await context.newPage();
  await driverPage.goto("/login");
  await driverPage.getByLabel("Pseudo ou adresse e-mail").fill(pseudo);
  await driverPage.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
  await driverPage.getByRole("button", { name: "Se connecter" }).click();
  await expect(driverPage.getByRole("alert")).toBeVisible();
  await expect(driverPage).toHaveURL(/\/login/);
  await context.close();
});

test("a CSV export of the reservations matches the API row by row", async ({ page }) => {
  // Two reservations of a driver at Villeurbanne, made through the API.
  const pseudo = `csv_${RUN}`;
  await registerUser(pseudo);
  const { api: driver } = await apiAs(pseudo);
  const station = await stationId(VILLEURBANNE);
  for (const hours of [26, 50]) {
    const start = new Date(Math.ceil((Date.now() + hours * 3_600_000) / 1_800_000) * 1_800_000).toISOString();
    const bays = (await (await driver.get(`/api/stations/${station}/availability/?duration_minutes=60&date_debut=${encodeURIComponent(start)}`)).json()) as { id_emplacement: number; available: boolean }[];
    const bay = bays.find((b) => b.available);
    const made = await driver.post("/api/reservations/", { data: { emplacement: bay?.id_emplacement, date_debut: start, duration_minutes: 60, auth_choice: "code" } });
    expect(made.status(), await made.text()).toBe(201);
  }
  await driver.dispose();

  await consoleLogin(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Vue d’ensemble" })).toBeVisible();
  await consoleNavigate(page, "Réservations et sessions");
  await choose(page, "Station", VILLEURBANNE);
  await expect(page.getByRole("row").filter({ hasText: pseudo })).toHaveCount(2);
  await expectAccessible(page, "reservations");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Exporter en CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const text = (await (await file.createReadStream()).toArray()).map((c: Buffer) => c.toString("utf8")).join("").replace(/^\uFEFF/, "");
  const [columns = [], ...records] = parseCsv(text);
  const rows = records.map((record) => Object.fromEntries(record.map((v, i) => [columns[i], v])));

  const { api: admin } = await apiAs("admin");
  const listed = (await (await admin.get(`/api/admin/reservations/?scope=upcoming&station=${station}&page=1&page_size=200`)).json()) as { count: number; results: { id_reservation: number; reference_code: string; statut: string; utilisateur_pseudo: string; date_debut: string }[] };
  await admin.dispose();
  expect(rows).toHaveLength(listed.count);
  listed.results.forEach((reservation, index) => {
    const row = rows[index] ?? {};
    expect(Number(row.id_reservation)).toBe(reservation.id_reservation);
    expect(row.reference_code).toBe(reservation.reference_code);
    expect(row.statut).toBe(reservation.statut);
    expect(row.utilisateur_pseudo).toBe(reservation.utilisateur_pseudo);
    expect(new Date(row.date_debut ?? "").getTime()).toBe(new Date(reservation.date_debut).getTime());
  });

  // The sessions tab and a session's detail with its telemetry chart.
  await tab(page, "Sessions de recharge");
  await expectAccessible(page, "sessions");
});

test("every other console screen passes axe, for staff and for a technician @phone", async ({ page }) => {
  await consoleLogin(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Vue d’ensemble" })).toBeVisible();
  for (const name of ["Supervision", "Techniciens", "Maintenance", "Utilisateurs"]) {
    await consoleNavigate(page, name);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page, name);
  }
  await consoleNavigate(page, "Maintenance");
  await page.getByRole("button", { name: "Planifier une intervention" }).click();
  await expectAccessible(page, "maintenance form");
  await page.keyboard.press("Escape");
  const burger = page.getByRole("button", { name: "Menu" });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await consoleLogin(page, "tech");
  await expect(page.getByRole("heading", { level: 1, name: "Supervision" })).toBeVisible();
  for (const name of ["Maintenance", "Réservations et sessions"]) {
    await consoleNavigate(page, name);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page, `technician ${name}`);
  }
});

test("a charging session's telemetry is shown as a chart in its detail", async ({ page }) => {
  // A driver books Gratte-Ciel now with a code and opens the bay at the kiosk; the simulated device plugs in and charges.
  const pseudo = `charge_${RUN}`;
  await registerUser(pseudo);
  const { api: driver } = await apiAs(pseudo);
  const station = await stationId(VILLEURBANNE);
  const start = new Date().toISOString();
  const bays = (await (await driver.get(`/api/stations/${station}/availability/?duration_minutes=30&date_debut=${encodeURIComponent(start)}`)).json()) as { id_emplacement: number; available: boolean; numero: number; borne_nom: string }[];
  const bay = bays.find((b) => b.available && b.borne_nom === "Gratte-Ciel");
  const made = await driver.post("/api/reservations/", { data: { emplacement: bay?.id_emplacement, date_debut: start, duration_minutes: 30, auth_choice: "code" } });
  expect(made.status(), await made.text()).toBe(201);
  const { id_reservation, reference_code } = (await made.json()) as { id_reservation: number; reference_code: string };
  const { code } = (await (await driver.get(`/api/reservations/${id_reservation}/access/`)).json()) as { code: string };
  await driver.dispose();
  const { api: admin } = await apiAs("admin");
  const borne = await cabinet("Gratte-Ciel");
  const key = (await (await admin.post(`/api/admin/bornes/${borne.id_borne}/terminal-key/`)).json()) as { terminal_key: string };
  await admin.dispose();
  const kiosk = await request.newContext({ baseURL: systemUrl(), extraHTTPHeaders: { Authorization: `Terminal ${key.terminal_key}` } });
  const opened = await kiosk.post("/api/terminal/authenticate/", { data: { method: "code", value: code, emplacement_numero: bay?.numero } });
  expect(opened.status(), await opened.text()).toBe(201);
  await kiosk.dispose();

  await consoleLogin(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Vue d’ensemble" })).toBeVisible();
  await consoleNavigate(page, "Réservations et sessions");
  await tab(page, "Sessions de recharge");
  await choose(page, "Période", "En cours");
  const row = page.getByRole("row").filter({ hasText: reference_code });
  await expect(row).toHaveCount(1);
  await expect(row.getByText("en charge")).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(12_000); // a few telemetry messages (every 5 s)
  await row.getByRole("button", { name: `Détail ${reference_code}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("img", { name: "Puissance (W) et énergie (kWh) au cours de la session" })).toBeVisible();
  await expect(dialog.getByText(/\d+ mesures/)).toBeVisible();
  await expectAccessible(page, "session detail");
  await page.screenshot({ path: "screens/console-desktop-session-detail.png", fullPage: true });
});

test("an operator switches a cabinet to OCPP, sees its password once, then switches it back", async ({ page }) => {
  const watch = watchPage(page);
  const name = `OCPP E2E ${RUN}`;
  const identity = `CP-E2E-${RUN}`;
  const { api } = await apiAs("admin");
  const created = await api.post("/api/admin/bornes/", { data: { station: await stationId(VILLEURBANNE), numero: 900 + Math.floor(Math.random() * 99), nom: name } });
  expect(created.status(), await created.text()).toBe(201);
  const { id_borne } = (await created.json()) as Borne;
  const linkOf = async () => (await (await api.get(`/api/admin/bornes/${id_borne}/`)).json()) as { link_kind: string; ocpp_identity: string | null };

  await consoleLogin(page, "admin");
  await consoleNavigate(page, "Réseau");
  await tab(page, "Bornes");
  await choose(page, "Station", VILLEURBANNE);
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: "OCPP", exact: true }).click();
  await page.getByRole("menuitem", { name: "Passer en OCPP et émettre le mot de passe" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Identité OCPP").fill("not valid!");
  await dialog.getByRole("button", { name: "Émettre le mot de passe" }).click();
  await expect(dialog.getByText(/identit|format|valide/i).first()).toBeVisible(); // the API's refusal, beside the field
  expect((await linkOf()).link_kind).toBe("mqtt");
  await dialog.getByLabel("Identité OCPP").fill(identity);
  await expectAccessible(page, "ocpp form");
  await dialog.getByRole("button", { name: "Émettre le mot de passe" }).click();
  const password = ((await page.getByTestId("ocpp-password").textContent()) ?? "").trim();
  expect(password.length).toBeGreaterThan(15);
  await expect(page.getByRole("dialog").getByText(identity)).toBeVisible();
  await expectAccessible(page, "ocpp password");
  expect(await linkOf()).toEqual(expect.objectContaining({ link_kind: "ocpp", ocpp_identity: identity }));
  await page.keyboard.press("Escape");

  await row.getByRole("button", { name: "OCPP (actif)" }).click();
  await page.getByRole("menuitem", { name: "Revenir aux équipements MQTT" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revenir aux équipements MQTT" }).click();
  await expect(row.getByRole("button", { name: "OCPP", exact: true })).toBeVisible();
  expect((await linkOf()).link_kind).toBe("mqtt");
  await api.dispose();
  expect(watch.problems.filter((p) => !/status of (400|401|403|409)/.test(p))).toEqual([]);
});
