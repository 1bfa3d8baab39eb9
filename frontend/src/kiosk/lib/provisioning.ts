import type { components } from "../../shared/api/schema";
import { deleteSetting, kioskDb, readSetting, writeSetting } from "./db";
import { answered } from "./refusal";
import { kioskApi, terminalKey } from "./terminal";

export type Cabinet = components["schemas"]["KioskCabinet"];

/** What a provisioned kiosk keeps: its terminal key and the cabinet the key belongs to. */
export interface Provisioning {
  terminalKey: string;
  cabinet: Cabinet;
  provisionedAt: string;
}

const KEY = "provisioning";

/** The cabinet of a key, asked of the API with that key (401 for a wrong, revoked or replaced key). */
export function cabinetOf(key: string): Promise<Cabinet> {
  return answered(kioskApi.GET("/api/terminal/cabinet/", { headers: { Authorization: `Terminal ${key.trim()}` } }));
}

export async function loadProvisioning(): Promise<Provisioning | null> {
  const stored = await readSetting<Provisioning>(await kioskDb(), KEY);
  terminalKey.set(stored?.terminalKey ?? null);
  return stored ?? null;
}

export async function saveProvisioning(value: Provisioning): Promise<void> {
  await writeSetting(await kioskDb(), KEY, value);
  terminalKey.set(value.terminalKey);
}

/**
 * Back to setup: the key and everything derived from it (the offline cache and its badge key) are
 * forgotten. The outbox stays: its events are sent with the next key of the same cabinet.
 */
export async function forgetProvisioning(): Promise<void> {
  const db = await kioskDb();
  await deleteSetting(db, KEY);
  await deleteSetting(db, "offline-cache");
  await deleteSetting(db, "broker");
  terminalKey.set(null);
}
