import { expect, type Locator, type Page } from "@playwright/test";
import mqtt from "mqtt";
import { DEMO_PASSWORD } from "./api";
import { MQTT_PORT } from "../system/url";

/** Signs in at the console's login (the same login as the driver app). */
export async function consoleLogin(page: Page, pseudo: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/console/login");
  await page.getByLabel("Pseudo ou adresse e-mail").fill(pseudo);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

/** Follows a link of the console's navigation (opening the drawer on phones). */
export async function consoleNavigate(page: Page, name: string): Promise<void> {
  const burger = page.getByRole("button", { name: "Menu" });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole("navigation").getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** Picks an option of a Mantine Select by its label (in `scope`, e.g. a dialog; its options open in a portal). */
export async function choose(page: Page, label: string, option: string, scope: Page | Locator = page): Promise<void> {
  await scope.getByRole("combobox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

/**
 * Publishes one message on the system's broker as the device of a bay would (device-protocol.md topics:
 * `<prefix>/bay/<n>/<kind>`): what a real device in the field sends, with no backend shortcut.
 */
export async function publishAsDevice(prefix: string, bay: number, kind: "status" | "sensor", payload: object, retain = false): Promise<void> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`, {
    clientId: `e2e-${prefix.replace(/\//g, "-")}-${bay}-${Date.now()}`,
    username: "e2e-device", // the embedded broker takes any user name, refuses anonymous clients
  });
  await client.publishAsync(`${prefix}/bay/${bay}/${kind}`, JSON.stringify(payload), { qos: 1, retain });
  await client.endAsync();
}

/** RFC 4180 records (quoted fields may hold commas, quotes doubled, line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { record.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field); records.push(record); record = []; field = "";
    } else field += c;
  }
  if (field || record.length) { record.push(field); records.push(record); }
  return records;
}
