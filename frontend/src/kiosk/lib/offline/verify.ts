// The kiosk's side of docs/offline.md, with WebCrypto: the signed cache document checked, a code, a QR
// token or a badge checked against it while the API cannot be reached. Test vectors made by the Python
// code (tests/vectors/offline-cache.json) are checked by verify.test.ts.

export interface OfflineEntry {
  reference_code: string;
  emplacement_numero: number;
  method: string;
  access_from: string;
  date_debut: string;
  date_fin: string;
  check_hash: string | null;
  badge_hashes: string[];
}

export interface OfflineDocument {
  borne: number;
  generated_at: string;
  valid_until: string;
  algorithm: string;
  version: string;
  badge_key: { key_id: string; algorithm: string; nonce: string; ciphertext: string };
  entries: OfflineEntry[];
  signature: string;
}

export type OfflineRefusal = "bad_signature" | "expired" | "bad_badge_key" | "unknown_credential" | "wrong_bay" | "outside_window";

export interface OfflineDecision {
  accepted: boolean;
  reason: OfflineRefusal | null;
  reference_code: string | null;
  /** The entry decided on (accepted, or refused for its bay or its window). */
  entry: OfflineEntry | null;
}

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error("not hexadecimal");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

async function hmacKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

async function hmac(key: Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(key), encoder.encode(message)));
}

async function hmacHex(key: Uint8Array<ArrayBuffer>, message: string): Promise<string> {
  return toHex((await hmac(key, message)).buffer);
}

/** The three keys a kiosk derives from its terminal key K: HMAC-SHA256(K, purpose). */
export interface KioskKeys {
  verify: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
  wrap: Uint8Array<ArrayBuffer>;
}

export async function deriveKeys(terminalKey: string): Promise<KioskKeys> {
  const k = encoder.encode(terminalKey);
  return {
    verify: await hmac(k, "offline-verify"),
    signature: await hmac(k, "offline-signature"),
    wrap: await hmac(k, "offline-badge-wrap"),
  };
}

/** Python's `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)`. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isInteger(value)) throw new Error("the cache holds no fractional number");
    return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const object = value as Record<string, unknown>;
  // Python sorts keys by code point; so does a plain comparison of these ASCII keys.
  const keys = Object.keys(object).filter((k) => object[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${canonicalJson(k)}:${canonicalJson(object[k])}`).join(",")}}`;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `bad_signature` or `expired` when the kiosk must not use this document at `now`, else null. */
export async function documentRefusal(document: OfflineDocument, keys: KioskKeys, now: Date): Promise<OfflineRefusal | null> {
  const unsigned: Record<string, unknown> = { ...document };
  delete unsigned.signature;
  const expected = await hmacHex(keys.signature, canonicalJson(unsigned));
  if (!constantTimeEqual(expected, String(document.signature ?? ""))) return "bad_signature";
  if (now.getTime() >= Date.parse(document.valid_until)) return "expired";
  return null;
}

/** Kb: `badge_key` decrypted (AES-256-GCM under Kw, bound to the cabinet and the key generation). */
export async function unwrapBadgeKey(document: OfflineDocument, keys: KioskKeys): Promise<Uint8Array<ArrayBuffer>> {
  const wrapped = document.badge_key;
  const key = await crypto.subtle.importKey("raw", keys.wrap, { name: "AES-GCM" }, false, ["decrypt"]);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromHex(wrapped.nonce), additionalData: encoder.encode(`offline-badge-key:${document.borne}:${wrapped.key_id}`), tagLength: 128 },
    key,
    fromHex(wrapped.ciphertext),
  );
  return new Uint8Array(plain);
}

/** A UID as the server digests it: upper case, letters and digits only (`04:a1:3f` is `04A13F`). */
export function normalizeUid(uid: string): string {
  return Array.from(uid.toUpperCase()).filter((c) => /[\p{L}\p{N}]/u.test(c)).join("");
}

/** What an rfid entry's `badge_hashes` hold for this UID: HMAC(Kv, hex(HMAC(Kb, normalized UID))). */
export async function badgeHash(uid: string, keys: KioskKeys, badgeKey: Uint8Array<ArrayBuffer>): Promise<string> {
  return hmacHex(keys.verify, await hmacHex(badgeKey, normalizeUid(uid)));
}

export interface Presented {
  method: "rfid" | "qr" | "code";
  value: string;
  /** The bay asked for; null when the kiosk opens whichever bay the reservation holds. */
  emplacement_numero: number | null;
  now: Date;
}

/** Accept (with the entry's reference) or refuse (with a reason), in the order docs/offline.md gives. */
export async function checkOffline(
  document: OfflineDocument,
  keys: KioskKeys,
  presented: Presented,
  badgeKey?: Uint8Array<ArrayBuffer>,
): Promise<OfflineDecision> {
  const refuse = (reason: OfflineRefusal, entry: OfflineEntry | null = null): OfflineDecision => ({ accepted: false, reason, reference_code: entry?.reference_code ?? null, entry });
  const refusal = await documentRefusal(document, keys, presented.now);
  if (refusal) return refuse(refusal);
  let matches: OfflineEntry[];
  if (presented.method === "rfid") {
    let kb = badgeKey;
    try {
      kb ??= await unwrapBadgeKey(document, keys);
    } catch {
      return refuse("bad_badge_key");
    }
    const wanted = await badgeHash(presented.value, keys, kb);
    matches = document.entries.filter((e) => e.method === "rfid" && e.badge_hashes.includes(wanted));
  } else {
    const wanted = await hmacHex(keys.verify, presented.value.trim());
    matches = document.entries.filter((e) => e.method === presented.method && e.check_hash === wanted);
  }
  const [first] = matches;
  if (!first) return refuse("unknown_credential");
  const here = presented.emplacement_numero === null ? matches : matches.filter((e) => e.emplacement_numero === presented.emplacement_numero);
  if (!here[0]) return refuse("wrong_bay", first);
  const now = presented.now.getTime();
  const open = here.find((e) => Date.parse(e.access_from) <= now && now < Date.parse(e.date_fin));
  if (open) return { accepted: true, reason: null, reference_code: open.reference_code, entry: open };
  return refuse("outside_window", here[0]);
}
