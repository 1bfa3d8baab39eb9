// @vitest-environment node
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { badgeHash, canonicalJson, checkOffline, deriveKeys, documentRefusal, normalizeUid, unwrapBadgeKey, type OfflineDocument } from "./verify";

// The vectors the Python code makes (manage.py offline_vectors); tests/vectors/test_offline_vectors.py reads
// the same file, so both sides agree byte for byte.
interface Case {
  name: string;
  method: "rfid" | "qr" | "code";
  value: string;
  emplacement_numero: number;
  now: string;
  document?: OfflineDocument;
  terminal_key?: string;
  expected: { accepted: boolean; reason: string | null; reference_code: string | null };
}

const vectors = JSON.parse(readFileSync(resolve(__dirname, "../../../../../tests/vectors/offline-cache.json"), "utf8")) as {
  kiosk: { borne: number; terminal_key: string };
  intermediate: { verify_key: string; signature_key: string; wrap_key: string; badge_key: string; badges: { uid: string; normalized: string; badge_hash: string }[] };
  document: OfflineDocument;
  cases: Case[];
};
const KEY = vectors.kiosk.terminal_key;
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

describe("the offline cache, checked as docs/offline.md says", () => {
  it("derives the kiosk's three keys from its terminal key", async () => {
    const keys = await deriveKeys(KEY);
    expect([hex(keys.verify), hex(keys.signature), hex(keys.wrap)]).toEqual([
      vectors.intermediate.verify_key, vectors.intermediate.signature_key, vectors.intermediate.wrap_key,
    ]);
  });

  it("verifies the document's signature, and refuses it tampered or under another key", async () => {
    const now = new Date(vectors.document.generated_at);
    expect(await documentRefusal(vectors.document, await deriveKeys(KEY), now)).toBeNull();
    const tampered = structuredClone(vectors.document);
    tampered.entries = tampered.entries.map((e, i) => (i === 0 ? { ...e, date_fin: "2030-01-01T00:00:00+00:00" } : e));
    expect(await documentRefusal(tampered, await deriveKeys(KEY), now)).toBe("bad_signature");
    expect(await documentRefusal(vectors.document, await deriveKeys(`${KEY}x`), now)).toBe("bad_signature");
  });

  it("refuses the document from its valid_until on", async () => {
    const keys = await deriveKeys(KEY);
    expect(await documentRefusal(vectors.document, keys, new Date(Date.parse(vectors.document.valid_until) - 1000))).toBeNull();
    expect(await documentRefusal(vectors.document, keys, new Date(vectors.document.valid_until))).toBe("expired");
  });

  it("serializes canonically as Python does (sorted keys, no spaces, ASCII escapes)", () => {
    expect(canonicalJson({ b: 1, a: ["é", null, "x\"y"], c: { z: true, y: "→" } })).toBe('{"a":["\\u00e9",null,"x\\"y"],"b":1,"c":{"y":"\\u2192","z":true}}');
  });

  it("unwraps the badge key and digests each badge as the server does", async () => {
    const keys = await deriveKeys(KEY);
    const badgeKey = await unwrapBadgeKey(vectors.document, keys);
    expect(hex(badgeKey)).toBe(vectors.intermediate.badge_key);
    for (const badge of vectors.intermediate.badges) {
      expect(normalizeUid(badge.uid)).toBe(badge.normalized);
      expect(await badgeHash(badge.uid, keys, badgeKey)).toBe(badge.badge_hash);
    }
    const otherCabinet = { ...vectors.document, borne: vectors.document.borne + 1 };
    await expect(unwrapBadgeKey(otherCabinet, keys)).rejects.toThrow();
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))("case %s", async (_name, vector) => {
    const keys = await deriveKeys(vector.terminal_key ?? KEY);
    const decision = await checkOffline(vector.document ?? vectors.document, keys, {
      method: vector.method, value: vector.value, emplacement_numero: vector.emplacement_numero, now: new Date(vector.now),
    });
    expect({ accepted: decision.accepted, reason: decision.reason, reference_code: decision.reference_code }).toEqual(vector.expected);
  });

  it("covers what the issue names: code, QR, badge, tampered, expired", () => {
    const names = vectors.cases.map((c) => `${c.method}:${c.expected.reason ?? "ok"}`);
    for (const wanted of ["code:ok", "qr:ok", "rfid:ok", "code:bad_signature", "code:expired"]) expect(names).toContain(wanted);
  });

  it("opens the reservation's own bay when the kiosk asks for none", async () => {
    const accepted = vectors.cases.find((c) => c.name === "valid_qr_token");
    if (!accepted) throw new Error("the vectors lost their QR case");
    const decision = await checkOffline(vectors.document, await deriveKeys(KEY), { method: "qr", value: accepted.value, emplacement_numero: null, now: new Date(accepted.now) });
    expect(decision.accepted && decision.entry?.emplacement_numero).toBe(accepted.emplacement_numero);
  });
});
