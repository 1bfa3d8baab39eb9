import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { components } from "../../shared/api/schema";

// The kiosk's IndexedDB: its terminal key and what it learnt at provisioning, the signed offline cache
// (with the badge key it unwraps), and the outbox of the decisions it took offline.

/** One decision taken offline, exactly as `terminal_offline_events` takes it. */
export type OutboxEvent = components["schemas"]["OfflineEventRequest"];

interface KioskSchema extends DBSchema {
  settings: { key: string; value: unknown };
  outbox: { key: string; value: OutboxEvent; indexes: { by_time: string } };
}

export type KioskDB = IDBPDatabase<KioskSchema>;

export const DB_NAME = "borne-kiosk";

let opened: Promise<KioskDB> | null = null;

/** The one connection of this page (tests pass their own name to start from an empty database). */
export function kioskDb(name = DB_NAME): Promise<KioskDB> {
  if (name !== DB_NAME) return open(name);
  opened ??= open(name);
  return opened;
}

function open(name: string): Promise<KioskDB> {
  return openDB<KioskSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore("settings");
      db.createObjectStore("outbox", { keyPath: "event_id" }).createIndex("by_time", "occurred_at");
    },
  });
}

export async function readSetting<T>(db: KioskDB, key: string): Promise<T | undefined> {
  return (await db.get("settings", key)) as T | undefined;
}

export async function writeSetting(db: KioskDB, key: string, value: unknown): Promise<void> {
  await db.put("settings", value, key);
}

export async function deleteSetting(db: KioskDB, key: string): Promise<void> {
  await db.delete("settings", key);
}
