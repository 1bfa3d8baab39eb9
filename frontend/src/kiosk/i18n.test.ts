import { describe, expect, it } from "vitest";
import { kioskStrings } from "./i18n";

function keys(value: unknown, prefix = ""): string[] {
  if (!value || typeof value !== "object") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("the kiosk's strings", () => {
  it("has every French string in English too, and nothing else", () => {
    expect(keys(kioskStrings.en).sort()).toEqual(keys(kioskStrings.fr).sort());
  });

  it("words every local refusal reason", () => {
    const local = (kioskStrings.fr as { kiosk: { refusal: { local: Record<string, string> } } }).kiosk.refusal.local;
    for (const reason of ["bad_signature", "expired", "bad_badge_key", "unknown_credential", "wrong_bay", "outside_window", "used_locally", "no_cache"]) {
      expect(local[reason]).toBeTruthy();
    }
  });
});
