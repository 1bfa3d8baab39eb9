import type { components } from "../../../shared/api/schema";

export type MaintenanceStatus = components["schemas"]["MaintenanceStatusEnum"];
export const MAINTENANCE_STATUSES: readonly MaintenanceStatus[] = ["planifiee", "en_cours", "realisee", "annulee"];

// The API's transition map (api/services/transitions.py, MAINTENANCE_TRANSITIONS): only these moves are
// offered; the API refuses any other with a 409 anyway.
const NEXT: Record<MaintenanceStatus, readonly MaintenanceStatus[]> = {
  planifiee: ["en_cours", "realisee", "annulee"],
  en_cours: ["planifiee", "realisee", "annulee"],
  realisee: [],
  annulee: ["planifiee"],
};

export function nextStatuses(status: MaintenanceStatus | undefined): readonly MaintenanceStatus[] {
  return NEXT[status ?? "planifiee"];
}
