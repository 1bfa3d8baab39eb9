import { kioskDb, readSetting, writeSetting } from "../db";
import { answered } from "../refusal";
import { kioskApi } from "../terminal";
import { checkOffline, deriveKeys, documentRefusal, unwrapBadgeKey, type OfflineDecision, type OfflineDocument, type Presented } from "./verify";

// The signed offline cache as the kiosk keeps it: fetched while the API answers, verified before it is
// kept, refreshed on a timer, and used only while it holds (its `valid_until`).

export interface StoredCache {
  document: OfflineDocument;
  fetchedAt: string;
  /** Kb, unwrapped once and kept beside the terminal key; null when it would not unwrap. */
  badgeKey: string | null;
  /** References opened here offline under this document: a second use of one is refused locally. */
  usedLocally: string[];
}

const KEY = "offline-cache";
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (value: string) => new Uint8Array(value.match(/../g)?.map((b) => parseInt(b, 16)) ?? []);

export async function loadCache(): Promise<StoredCache | null> {
  return (await readSetting<StoredCache>(await kioskDb(), KEY)) ?? null;
}

/** Fetches the document, keeps it only if it verifies under this kiosk's key. Throws when it cannot. */
export async function refreshCache(terminalKey: string, now = new Date()): Promise<StoredCache> {
  const document = (await answered(kioskApi.GET("/api/terminal/offline-cache/"))) as OfflineDocument;
  const keys = await deriveKeys(terminalKey);
  const refusal = await documentRefusal(document, keys, now);
  if (refusal) throw new Error(`offline cache refused: ${refusal}`);
  let badgeKey: string | null = null;
  try {
    badgeKey = hex(await unwrapBadgeKey(document, keys));
  } catch {
    badgeKey = null;
  }
  const previous = await loadCache();
  // A reference opened offline stays used while it is still in a document (the server had not heard of it).
  const usedLocally = (previous?.usedLocally ?? []).filter((ref) => document.entries.some((e) => e.reference_code === ref));
  const stored: StoredCache = { document, fetchedAt: now.toISOString(), badgeKey, usedLocally };
  await writeSetting(await kioskDb(), KEY, stored);
  return stored;
}

export type LocalDecision = OfflineDecision | { accepted: false; reason: "no_cache" | "used_locally"; reference_code: string | null; entry: null };

/** A credential checked against the kept document (docs/offline.md); an accepted one is marked used. */
export async function decideLocally(terminalKey: string, presented: Presented): Promise<LocalDecision> {
  const stored = await loadCache();
  if (!stored) return { accepted: false, reason: "no_cache", reference_code: null, entry: null };
  const decision = await checkOffline(stored.document, await deriveKeys(terminalKey), presented, stored.badgeKey ? unhex(stored.badgeKey) : undefined);
  if (!decision.accepted || !decision.reference_code) return decision;
  if (stored.usedLocally.includes(decision.reference_code)) return { accepted: false, reason: "used_locally", reference_code: decision.reference_code, entry: null };
  await writeSetting(await kioskDb(), KEY, { ...stored, usedLocally: [...stored.usedLocally, decision.reference_code] });
  return decision;
}

/** When a refused credential's access opens, if the kept document knows it (the API's refusal says only "outside its window"). */
export async function opensAtLocally(terminalKey: string, presented: Omit<Presented, "now">): Promise<string | null> {
  const stored = await loadCache();
  if (!stored) return null;
  const now = new Date();
  const decision = await checkOffline(stored.document, await deriveKeys(terminalKey), { ...presented, now }, stored.badgeKey ? unhex(stored.badgeKey) : undefined);
  const from = decision.entry?.access_from;
  return decision.reason === "outside_window" && from && Date.parse(from) > now.getTime() ? from : null;
}
