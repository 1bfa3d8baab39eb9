import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import mqtt from "mqtt";
import { apiAs } from "./support/api";
import { expectAccessible, watchPage } from "./support/checks";
import { login } from "./support/driver";
import { bookNow, issueTerminalKey, KIOSK_CABINET, linkCode, newDriverApi, newUid, terminalApi, typeOnKeypad, wedge } from "./support/kiosk";
import { systemUrl } from "./system/url";
import { startWebServer, stopWebServer } from "./system/web";

// The kiosk screen of one cabinet against the whole running system (gunicorn, worker, broker with its
// WebSocket listener, simulated devices). The drivers' and the operator's halves go through the API, the
// phone pairing through the driver app in a second browser context.
test.describe.configure({ mode: "serial", timeout: 180_000 });

interface Broker {
  url: string | null;
  username: string;
  password: string;
  bays: { numero: number; state: string }[];
}

let key = "";
// One kiosk screen for the whole file, as on a cabinet: its IndexedDB (key, cache, outbox) lives on.
let kioskContext: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  kioskContext = await browser.newContext({ baseURL: systemUrl(), viewport: { width: 1280, height: 800 }, locale: "fr-FR", timezoneId: "Europe/Paris" });
  page = await kioskContext.newPage();
});

// eslint-disable-next-line no-empty-pattern -- Playwright asks for the fixtures' pattern even when none is used
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await page.screenshot({ path: testInfo.outputPath("kiosk-screen.png") });
});

test.afterAll(async () => {
  await kioskContext.close();
});
const SCREENS = process.env.SCREENS ? "screens/kiosk" : null;

async function screens(name: string): Promise<void> {
  if (!SCREENS) return;
  const original = page.viewportSize();
  for (const [width, height] of [[1280, 800], [800, 1280], [360, 760]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SCREENS}/${name}-${width}.png`, fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** The kiosk restarted: it fetches (and verifies) its offline cache at start, before anything else is tested. */
async function cacheFetchedAfterReload(): Promise<void> {
  const before = new Date().toISOString();
  await page.goto("/kiosk/");
  await expect.poll(async () => ((await page.getByTestId("cache-status").getAttribute("data-fetched-at")) ?? "") > before, { timeout: 15_000 }).toBe(true);
  await expect(page.getByTestId("cache-status")).toContainText("valable jusqu’à");
}

async function bayLock(numero: number): Promise<string> {
  const kiosk = await terminalApi(key);
  const cabinet = (await (await kiosk.get("/api/terminal/cabinet/")).json()) as { emplacements: { numero: number; lock_state: string }[] };
  await kiosk.dispose();
  return cabinet.emplacements.find((b) => b.numero === numero)?.lock_state ?? "";
}

test("provisioning: a wrong key is refused, the cabinet's key shows its station and bays", async () => {
  ({ key } = await issueTerminalKey());
  await page.goto("/kiosk/");
  await expect(page.getByRole("heading", { name: "Configuration de la borne" })).toBeVisible();
  await expectAccessible(page, "setup");
  await screens("setup");
  await page.getByLabel("Clé de la borne").fill("not-a-key");
  await page.getByRole("button", { name: "Vérifier la clé" }).click();
  await expect(page.getByRole("alert")).toContainText("Clé refusée");
  await page.getByLabel("Clé de la borne").fill(key);
  await page.getByRole("button", { name: "Vérifier la clé" }).click();
  await expect(page.getByTestId("setup-cabinet")).toContainText("Lyon Part-Dieu");
  await expect(page.getByTestId("setup-cabinet")).toContainText("N° 1, 2, 3, 4");
  await expectAccessible(page, "setup confirmation");
  await screens("setup-found");
  await page.getByRole("button", { name: "Utiliser cette borne" }).click();
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
  await expect(page.getByTestId("cabinet-name")).toHaveText(`Lyon Part-Dieu · ${KIOSK_CABINET}`);
  await expect(page.getByTestId("connectivity")).toHaveText("En ligne");
  await expect(page.getByTestId("cache-status")).toContainText("valable jusqu’à");
  // Kept in IndexedDB: a reload goes straight to the idle screen.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
  await expectAccessible(page, "idle");
  await screens("idle");
});

test("a code from idle to stopped: the bay unlocks at the device, charges live, stops, back to idle", async () => {
  const watch = watchPage(page);
  const { api } = await newDriverApi();
  const booking = await bookNow(api, "code", 1);
  await page.goto("/kiosk/");
  await typeOnKeypad(page, booking.secret, "Ouvrir");
  await expect(page.getByRole("heading", { name: `L’emplacement ${booking.bay} est ouvert` })).toBeVisible();
  await expectAccessible(page, "session opened");
  await expect.poll(() => bayLock(booking.bay), { timeout: 20_000 }).toBe("deverrouille");
  await expect(page.getByTestId("session")).toHaveAttribute("data-state", "charging", { timeout: 40_000 });
  await expect(page.getByTestId("energy")).toContainText("kWh");
  await expectAccessible(page, "charging");
  await screens("charging");
  await page.getByRole("button", { name: "Arrêter la recharge" }).click();
  await expect(page.getByTestId("session")).toHaveAttribute("data-state", "stopped", { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Recharge terminée" })).toBeVisible();
  await expectAccessible(page, "summary");
  await screens("summary");
  await expect.poll(() => bayLock(booking.bay), { timeout: 20_000 }).toBe("verrouille");
  await page.getByRole("button", { name: /Retour à l’accueil/ }).click();
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
  expect(watch.problems).toEqual([]);
});

async function stopFromScreen(): Promise<void> {
  await expect(page.getByTestId("session")).toHaveAttribute("data-state", /charging|waiting_plug|access_validated/, { timeout: 30_000 });
  await page.getByRole("button", { name: "Arrêter la recharge" }).click();
  await expect(page.getByTestId("session")).toHaveAttribute("data-state", "stopped", { timeout: 30_000 });
  await page.getByRole("button", { name: /Retour à l’accueil/ }).click();
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
}

test("a badge linked at the kiosk (web code, then the badge), then a badge session through the keyboard wedge", async () => {
  const { api } = await newDriverApi();
  const uid = newUid();
  await page.getByRole("link", { name: "Lier un nouveau badge" }).click();
  await expect(page.getByRole("heading", { name: "Lier un nouveau badge" })).toBeVisible();
  await expectAccessible(page, "badge link: code");
  await screens("link-code");
  await typeOnKeypad(page, await linkCode(api), "Continuer");
  await expect(page.getByText("Présentez maintenant votre badge au lecteur.")).toBeVisible();
  await expectAccessible(page, "badge link: badge");
  await wedge(page, uid);
  await expect(page.getByTestId("badge-linked")).toContainText("lié à votre compte");
  await expectAccessible(page, "badge linked");
  await page.getByRole("link", { name: /Retour à l’accueil/ }).click();

  const booking = await bookNow(api, "rfid", 2);
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
  await wedge(page, uid);
  await expect(page.getByRole("heading", { name: `L’emplacement ${booking.bay} est ouvert` })).toBeVisible();
  await expect.poll(() => bayLock(booking.bay), { timeout: 20_000 }).toBe("deverrouille");
  await stopFromScreen();
});

test("a phone pairing: the kiosk's QR opened in the driver app of a second browser, authorized, consumed", async ({ browser }) => {
  const driver = await newDriverApi();
  const booking = await bookNow(driver.api, "code", 3);
  await page.getByRole("link", { name: "Ouvrir avec mon téléphone" }).click();
  const qr = page.getByTestId("pairing-qr");
  await expect(qr).toBeVisible();
  await expect(page.getByText(/Ce QR code expire dans/)).toBeVisible();
  await expectAccessible(page, "pairing QR");
  await screens("pairing");
  const payload = (await qr.getAttribute("data-payload")) ?? "";
  expect(payload).toMatch(/\/mobile-sessions\/[^/]+\/$/);

  const phoneContext = await browser.newContext({ baseURL: systemUrl(), viewport: { width: 360, height: 760 }, locale: "fr-FR", timezoneId: "Europe/Paris" });
  const phone = await phoneContext.newPage();
  await login(phone, driver.pseudo, driver.password);
  await expect(phone.getByRole("heading", { name: "Accueil", level: 1 })).toBeVisible();
  await phone.goto(new URL(payload).pathname);
  await expect(phone.getByText(booking.reference)).toBeVisible();
  await phone.getByRole("button", { name: "Ouvrir cette réservation" }).click();
  await expect(phone.getByText("La borne ouvre votre emplacement")).toBeVisible();
  await phoneContext.close();

  await expect(page.getByRole("heading", { name: `L’emplacement ${booking.bay} est ouvert` })).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => bayLock(booking.bay), { timeout: 20_000 }).toBe("deverrouille");
  await stopFromScreen();
});

test("refusals in words: an unknown code, a booking not open yet (from when)", async () => {
  await typeOnKeypad(page, "00000000", "Ouvrir");
  await expect(page.getByTestId("refusal")).toContainText("Accès refusé");
  await expect(page.getByTestId("refusal")).toContainText(/inconnu/i);
  await expectAccessible(page, "refusal");
  await screens("refusal");

  const { api } = await newDriverApi();
  const later = await bookNow(api, "code", 4, 120);
  await cacheFetchedAfterReload(); // the booking is in it, with its window
  await typeOnKeypad(page, later.secret, "Ouvrir");
  await expect(page.getByTestId("refusal")).toContainText(/fen[eê]tre d.acc[eè]s/i);
  await expect(page.getByTestId("refusal")).toContainText(/Votre accès ouvre à \d\d:\d\d/);
});

async function shellCached(): Promise<string> {
  return page.evaluate(async () => {
    if (!navigator.serviceWorker.controller) return "no controller";
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      if ((await cache.keys()).some((r) => new URL(r.url).pathname === "/kiosk/")) return "cached";
    }
    return `not cached (${(await caches.keys()).join(", ")})`;
  });
}

/** The bay's lock as its device reports it on the broker (retained `state`), read with the kiosk's own broker account. */
async function lockOnBroker(broker: Broker, numero: number): Promise<string> {
  const topic = broker.bays.find((b) => b.numero === numero)?.state ?? "";
  const client = await mqtt.connectAsync(broker.url ?? "", { username: broker.username, password: broker.password, reconnectPeriod: 0, connectTimeout: 5_000 });
  try {
    const state = new Promise<string>((resolve) => {
      client.on("message", (received, payload) => {
        if (received === topic) resolve((JSON.parse(payload.toString()) as { lock: string }).lock);
      });
    });
    await client.subscribeAsync(topic, { qos: 1 });
    return await Promise.race([state, new Promise<string>((resolve) => setTimeout(() => resolve("no state"), 3_000))]);
  } finally {
    await client.endAsync();
  }
}

test("offline: the web server stopped, a code and a badge accepted locally, the bays unlocked through the broker, a reload, then every event answered once", async () => {
  // Online first: two bookings the kiosk's cache will hold, and one cancelled after the cache was fetched.
  const coder = await newDriverApi();
  const code = await bookNow(coder.api, "code", 1);
  const holder = await newDriverApi();
  const uid = newUid();
  const kiosk = await terminalApi(key);
  expect((await kiosk.post("/api/terminal/rfid-link/", { data: { code: await linkCode(holder.api), uid } })).status()).toBe(201);
  const badge = await bookNow(holder.api, "rfid", 2);
  const canceller = await newDriverApi();
  const cancelled = await bookNow(canceller.api, "code", 3);
  const broker = (await (await kiosk.get("/api/terminal/broker/")).json()) as Broker;
  await cacheFetchedAfterReload();
  const { api: admin } = await apiAs("admin"); // the operator cancels it: the kiosk's cache does not know yet
  const cancel = await admin.post(`/api/admin/reservations/${cancelled.id}/cancel/`, { data: { reason: "e2e" } });
  expect(cancel.status(), await cancel.text()).toBe(200);
  const answers: { event_id: string; result: string }[] = [];
  page.on("response", async (response) => {
    if (!response.url().endsWith("/api/terminal/offline-events/") || !response.ok()) return;
    answers.push(...((await response.json()) as { results: { event_id: string; result: string }[] }).results);
  });

  // The shell is in the service worker's cache (it installs at the kiosk's first load).
  await expect.poll(() => shellCached(), { timeout: 30_000 }).toBe("cached");
  await stopWebServer();
  try {
    await typeOnKeypad(page, code.secret, "Ouvrir");
    await expect(page.getByRole("heading", { name: `Emplacement ${code.bay} ouvert (hors ligne)` })).toBeVisible();
    await expect(page.getByTestId("connectivity")).toHaveText("Hors ligne");
    await expect(page.getByTestId("status-line")).toContainText("restent acceptés");
    await expectAccessible(page, "opened offline");
    await screens("offline-opened");
    await expect.poll(() => lockOnBroker(broker, code.bay), { timeout: 20_000 }).toBe("deverrouille");
    await page.getByRole("button", { name: /Retour à l’accueil/ }).click();

    await wedge(page, uid);
    await expect(page.getByRole("heading", { name: `Emplacement ${badge.bay} ouvert (hors ligne)` })).toBeVisible();
    await expect.poll(() => lockOnBroker(broker, badge.bay), { timeout: 20_000 }).toBe("deverrouille");
    await page.getByRole("button", { name: /Retour à l’accueil/ }).click();

    await typeOnKeypad(page, "11111111", "Ouvrir");
    await expect(page.getByTestId("refusal")).toContainText("ne correspond à aucune réservation");
    await typeOnKeypad(page, cancelled.secret, "Ouvrir"); // the kiosk cannot know: the server will flag it
    await expect(page.getByRole("heading", { name: `Emplacement ${cancelled.bay} ouvert (hors ligne)` })).toBeVisible();
    await page.getByRole("button", { name: /Retour à l’accueil/ }).click();
    await expect(page.getByTestId("pending")).toHaveText("4 événements hors ligne à transmettre");

    // A reload while the server is down: the service worker gives the shell, IndexedDB the key and the outbox.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
    await expect(page.getByTestId("connectivity")).toHaveText("Hors ligne");
    await expect(page.getByTestId("pending")).toHaveText("4 événements hors ligne à transmettre");
    await expectAccessible(page, "idle offline");
    await screens("idle-offline");
    expect(answers).toEqual([]);
  } finally {
    await startWebServer();
  }

  await expect(page.getByTestId("connectivity")).toHaveText("En ligne", { timeout: 30_000 });
  await expect(page.getByTestId("pending")).toHaveCount(0, { timeout: 30_000 });
  // Each event answered once, none twice: the database holds each once.
  expect(answers).toHaveLength(4);
  expect(new Set(answers.map((a) => a.event_id)).size).toBe(4);
  expect(answers.map((a) => a.result).sort()).toEqual(["accepted", "accepted", "accepted", "conflict"]);
  const sessions = (await (await admin.get("/api/admin/sessions/")).json()) as { active: { reference_code: string }[]; archived: { reference_code: string }[] };
  const references = [...sessions.active, ...sessions.archived].map((s) => s.reference_code);
  expect(references.filter((r) => r === code.reference)).toHaveLength(1);
  expect(references.filter((r) => r === badge.reference)).toHaveLength(1);
  expect(references.filter((r) => r === cancelled.reference)).toHaveLength(0);
  await kiosk.dispose();
});

test("too many wrong codes: the API's Retry-After as a countdown", async () => {
  await page.goto("/kiosk/");
  await expect(page.getByTestId("connectivity")).toHaveText("En ligne");
  for (let attempt = 0; attempt < 8; attempt++) {
    await typeOnKeypad(page, "99999999", "Ouvrir");
    await expect(page.getByTestId("refusal")).toBeVisible();
    if (await page.getByTestId("retry-after").isVisible()) break;
  }
  await expect(page.getByTestId("retry-after")).toContainText(/Nouvel essai possible dans \d+ (min|s)/);
  await expectAccessible(page, "throttled");
});
