import { expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { systemUrl } from "../system/url";
import { apiAs } from "./api";

// The halves of the kiosk's flows that are not the kiosk: the operator issues the cabinet's key, drivers
// register and book, all through the API; the kiosk itself is the page under test.

export const KIOSK_CABINET = "Part-Dieu B";
export const KIOSK_STATION = "Lyon Part-Dieu";

/** The operator issues (or rotates) a cabinet's terminal key. */
export async function issueTerminalKey(borneName = KIOSK_CABINET): Promise<{ key: string; borneId: number }> {
  const { api } = await apiAs("admin");
  const bornes = (await (await api.get("/api/admin/bornes/")).json()) as { id_borne: number; nom: string }[];
  const borne = bornes.find((b) => b.nom === borneName);
  if (!borne) throw new Error(`no cabinet ${borneName}`);
  const issued = await api.post(`/api/admin/bornes/${borne.id_borne}/terminal-key/`);
  expect(issued.status()).toBe(201);
  const { terminal_key } = (await issued.json()) as { terminal_key: string };
  await api.dispose();
  return { key: terminal_key, borneId: borne.id_borne };
}

/** The kiosk's own API client (for the checks the test makes beside the screen). */
export async function terminalApi(key: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: systemUrl(), extraHTTPHeaders: { Authorization: `Terminal ${key}` } });
}

/** A new driver registered through the API, signed in. */
export async function newDriverApi(): Promise<{ api: APIRequestContext; pseudo: string; password: string }> {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const pseudo = `kiosque${id}`;
  const password = "Recharge-Facile-2026!";
  const anonymous = await request.newContext({ baseURL: systemUrl() });
  const registered = await anonymous.post("/api/auth/register/", {
    data: { pseudo, email: `${pseudo}@exemple.fr`, password, cgu_accepted: true, privacy_policy_accepted: true },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { access } = (await registered.json()) as { access: string };
  await anonymous.dispose();
  const api = await request.newContext({ baseURL: systemUrl(), extraHTTPHeaders: { Authorization: `Bearer ${access}` } });
  return { api, pseudo, password };
}

export interface Booking {
  id: number;
  reference: string;
  bay: number;
  /** The code or the QR token (none for a badge booking). */
  secret: string;
}

/** A booking starting now on a bay of the kiosk's cabinet; its code or QR token read from the access view. */
export async function bookNow(api: APIRequestContext, mode: "code" | "qr" | "rfid", bay: number, startInMinutes = 0, borneName = KIOSK_CABINET): Promise<Booking> {
  const stations = (await (await api.get("/api/stations/")).json()) as { id_station: number; nom: string }[];
  const station = stations.find((s) => s.nom === KIOSK_STATION);
  const start = new Date(Date.now() + startInMinutes * 60_000 - (startInMinutes === 0 ? 60_000 : 0)).toISOString();
  const bays = (await (await api.get(`/api/stations/${station?.id_station}/availability/?duration_minutes=60&date_debut=${encodeURIComponent(start)}`)).json()) as { id_emplacement: number; borne_nom: string; numero: number; available: boolean }[];
  // The bay asked for, else (a system reused by E2E_REUSE) another free one of the cabinet.
  const free = bays.filter((b) => b.borne_nom === borneName && b.available);
  const target = free.find((b) => b.numero === bay) ?? free[0];
  if (!target) throw new Error(`no free bay at ${borneName}`);
  const created = await api.post("/api/reservations/", { data: { emplacement: target.id_emplacement, date_debut: start, duration_minutes: 60, auth_choice: mode } });
  expect(created.status(), await created.text()).toBe(201);
  const reservation = (await created.json()) as { id_reservation: number; reference_code: string };
  let secret = "";
  if (mode !== "rfid") {
    const access = (await (await api.get(`/api/reservations/${reservation.id_reservation}/access/`)).json()) as { code?: string; qr_payload?: string };
    secret = access.code ?? access.qr_payload ?? "";
  }
  return { id: reservation.id_reservation, reference: reservation.reference_code, bay: target.numero, secret };
}

/** The driver's one-use badge link code (what "My badges" shows). */
export async function linkCode(api: APIRequestContext): Promise<string> {
  const created = await api.post("/api/account/auth-methods/", { data: {} });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { code: string }).code;
}

/** A fresh badge UID, as a reader types it. */
export function newUid(): string {
  return `04:${Array.from({ length: 4 }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, "0")).join(":")}`.toUpperCase();
}

/** What a badge reader or a 2D scanner does: types fast, then Enter (the page listens at all times). */
export async function wedge(page: Page, value: string): Promise<void> {
  await page.keyboard.type(value, { delay: 5 });
  await page.keyboard.press("Enter");
}

/** Types a code on the kiosk's on-screen keypad and submits it. */
export async function typeOnKeypad(page: Page, code: string, submit: string): Promise<void> {
  for (const digit of code) await page.getByRole("button", { name: `Chiffre ${digit}`, exact: true }).click();
  await page.getByRole("button", { name: submit, exact: true }).click();
}
