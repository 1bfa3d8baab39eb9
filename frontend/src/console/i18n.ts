import type { Language } from "../shared/i18n/i18n";
import { networkStrings } from "./features/network/strings";
import { firmwareStrings } from "./features/firmware/strings";
import { usersStrings } from "./features/users/strings";
import { maintenanceStrings } from "./features/maintenance/strings";
import { techniciansStrings } from "./features/technicians/strings";
import { activityStrings } from "./features/activity/strings";
import { overviewStrings } from "./features/overview/strings";
import { supervisionStrings } from "./features/supervision/strings";
import { shellStrings } from "./lib/strings";

const catalogues = [shellStrings, overviewStrings, supervisionStrings, networkStrings, firmwareStrings, usersStrings, techniciansStrings, maintenanceStrings, activityStrings];

/** The console's strings, French and English, one catalogue per feature. */
export const consoleStrings = Object.fromEntries(
  (["fr", "en"] as const).map((lng) => [lng, Object.assign({}, ...catalogues.map((c) => c[lng]))]),
) as Record<Language, Record<string, unknown>>;
