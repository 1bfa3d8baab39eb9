// The reservations' and sessions' filters, as the list's query (paginated) and as the CSV export's query
// (the same filters, no page: the export streams every matching row).
import { cleanFilters, pageQuery } from "../../lib/query";

export type ActivityKind = "reservations" | "sessions";

export interface ActivityFilters {
  scope: string;
  station?: number;
  /** `statut` of a reservation, `charge_state` of a session. */
  state?: string;
  q?: string;
}

function apiFilters(kind: ActivityKind, filters: ActivityFilters) {
  const state = kind === "reservations" ? { statut: filters.state } : { charge_state: filters.state };
  return cleanFilters({ scope: filters.scope, station: filters.station, q: filters.q, ...state });
}

/** One page of the list. */
export function listQuery(kind: ActivityKind, filters: ActivityFilters, page: number) {
  return pageQuery(apiFilters(kind, filters), page);
}

/** The export of what the list shows: same filters, every row, as CSV. */
export function exportQuery(kind: ActivityKind, filters: ActivityFilters) {
  return { ...apiFilters(kind, filters), format: "csv" as const };
}

/** The file name the browser saves (the server's `Content-Disposition` name when it gives one). */
export function exportFileName(kind: ActivityKind, disposition: string | null, now: Date = new Date()): string {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return match?.[1] ?? `${kind}_${now.toISOString().slice(0, 10)}.csv`;
}
