import type { Language } from "../shared/i18n/i18n";
import { accountStrings } from "./features/account/strings";
import { authStrings } from "./features/auth/strings";
import { badgesStrings } from "./features/badges/strings";
import { bookingStrings } from "./features/booking/strings";
import { dashboardStrings } from "./features/dashboard/strings";
import { historyStrings } from "./features/history/strings";
import { pairingStrings } from "./features/pairing/strings";
import { reservationsStrings } from "./features/reservations/strings";
import { stationsStrings } from "./features/stations/strings";
import { accessStrings } from "./lib/accessStrings";
import { shellStrings } from "./lib/strings";

const catalogues = [
  shellStrings, accessStrings, authStrings, dashboardStrings, stationsStrings, bookingStrings,
  reservationsStrings, badgesStrings, pairingStrings, accountStrings, historyStrings,
];

/** The driver app's strings, French and English, one catalogue per feature. */
export const driverStrings = Object.fromEntries(
  (["fr", "en"] as const).map((lng) => [lng, Object.assign({}, ...catalogues.map((c) => c[lng]))]),
) as Record<Language, Record<string, unknown>>;
