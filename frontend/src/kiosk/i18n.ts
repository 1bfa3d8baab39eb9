import type { Language } from "../shared/i18n/i18n";
import { badgeLinkStrings } from "./features/badgeLink/strings";
import { idleStrings } from "./features/idle/strings";
import { phoneStrings } from "./features/phone/strings";
import { sessionStrings } from "./features/session/strings";
import { setupStrings } from "./features/setup/strings";
import { frameStrings } from "./lib/strings";

const catalogues = [frameStrings, setupStrings, idleStrings, sessionStrings, phoneStrings, badgeLinkStrings];

/** The kiosk's strings, French and English, one catalogue per feature. */
export const kioskStrings = Object.fromEntries(
  (["fr", "en"] as const).map((lng) => [lng, Object.assign({}, ...catalogues.map((c) => c[lng]))]),
) as Record<Language, Record<string, unknown>>;
