import { $api } from "../../../shared/api/client";
import { useActor } from "../../lib/actor";
import { pageOf, pageQuery } from "../../lib/query";

export const POLL_MS = 5_000;

export interface SupervisionFilters {
  station?: number;
  severity?: string;
  status?: string;
  state?: string;
  [key: string]: string | number | undefined;
}

/**
 * One page of one supervision list, polled every few seconds while the tab is visible: the network's for
 * staff, the technician's stations for a technician (the API scopes it).
 */
export function useSupervision<T>(scope: "alerts" | "devices" | "sensors", filters: SupervisionFilters, page: number) {
  const actor = useActor();
  const params = { params: { query: { ...pageQuery(filters, page), scope } as never } };
  const live = { refetchInterval: POLL_MS, refetchIntervalInBackground: false, placeholderData: <D,>(previous: D | undefined) => previous };
  const admin = $api.useQuery("get", "/api/admin/supervision/", params, { ...live, enabled: actor.isStaff });
  const technician = $api.useQuery("get", "/api/technician/supervision/", params, { ...live, enabled: !actor.isStaff });
  const query = actor.isStaff ? admin : technician;
  // With `scope`, the answer is a page of that list's items (the schema types the three shapes together).
  const data = query.data === undefined ? undefined : pageOf(query.data as unknown as { results: T[]; count: number });
  return { ...query, data, updatedAt: query.dataUpdatedAt };
}
