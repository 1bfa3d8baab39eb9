import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { useActor } from "../../lib/actor";
import { pageOf } from "../../lib/query";
import { listQuery, type ActivityFilters } from "./filters";

type Reservation = components["schemas"]["Reservation"];
type Session = components["schemas"]["AdminSession"];

// With `scope`, the lists answer a page of that list (the schema types the grouped shape beside it).
function page<T>(data: unknown): { rows: T[]; count: number } | undefined {
  return data === undefined ? undefined : pageOf(data as { results: T[]; count: number });
}

/** A page of reservations: the network's for staff, the technician's stations for a technician. */
export function useReservations(filters: ActivityFilters, pageNumber: number) {
  const actor = useActor();
  const params = { params: { query: listQuery("reservations", filters, pageNumber) as never } };
  const admin = $api.useQuery("get", "/api/admin/reservations/", params, { enabled: actor.isStaff });
  const technician = $api.useQuery("get", "/api/technician/reservations/", params, { enabled: !actor.isStaff });
  const query = actor.isStaff ? admin : technician;
  return { ...query, data: page<Reservation>(query.data) };
}

export function useSessions(filters: ActivityFilters, pageNumber: number) {
  const actor = useActor();
  const params = { params: { query: listQuery("sessions", filters, pageNumber) as never } };
  const admin = $api.useQuery("get", "/api/admin/sessions/", params, { enabled: actor.isStaff });
  const technician = $api.useQuery("get", "/api/technician/sessions/", params, { enabled: !actor.isStaff });
  const query = actor.isStaff ? admin : technician;
  return { ...query, data: page<Session>(query.data) };
}

/** A session's telemetry, downsampled by the server to at most `points`. */
export function useTelemetry(id: number, points = 300) {
  const actor = useActor();
  const params = { params: { path: { id_session: id }, query: { points } } };
  const admin = $api.useQuery("get", "/api/admin/sessions/{id_session}/telemetry/", params, { enabled: actor.isStaff });
  const technician = $api.useQuery("get", "/api/technician/sessions/{id_session}/telemetry/", params, { enabled: !actor.isStaff });
  return actor.isStaff ? admin : technician;
}
