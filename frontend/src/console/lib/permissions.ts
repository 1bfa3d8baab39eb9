// What an actor of the console may see and do, decided in one place from the role the API gives them.
// The API refuses anything else anyway; this module only keeps the screens from offering it.
import type { components } from "../../shared/api/schema";

export type StationRole = components["schemas"]["TechnicianStationRoleEnum"];

export interface Actor {
  pseudo: string;
  isStaff: boolean;
  /** Whether the user is a technician (their console is then limited to their stations). */
  isTechnician: boolean;
  /** A technician's role per station of their active assignments (empty for staff). */
  stationRoles: Record<number, StationRole>;
}

export type ConsoleArea =
  | "overview"
  | "supervision"
  | "network"
  | "firmware"
  | "users"
  | "technicians"
  | "maintenance"
  | "activity";

const STAFF_AREAS: readonly ConsoleArea[] = [
  "overview", "supervision", "network", "firmware", "users", "technicians", "maintenance", "activity",
];
const TECHNICIAN_AREAS: readonly ConsoleArea[] = ["supervision", "maintenance", "activity"];

/** Who the console is for: staff (the whole network), a technician (their stations), or nobody else. */
export function consoleRole(actor: Actor): "staff" | "technician" | "none" {
  if (actor.isStaff) return "staff";
  if (actor.isTechnician) return "technician";
  return "none";
}

/** The screens an actor's navigation offers, in order. */
export function visibleAreas(actor: Actor): readonly ConsoleArea[] {
  const role = consoleRole(actor);
  if (role === "staff") return STAFF_AREAS;
  if (role === "technician") return TECHNICIAN_AREAS;
  return [];
}

export function canSee(actor: Actor, area: ConsoleArea): boolean {
  return visibleAreas(actor).includes(area);
}

/** Whether the network, users, firmware, technicians and maintenance plans may be changed (staff only). */
export function canAdminister(actor: Actor): boolean {
  return actor.isStaff;
}

/**
 * Whether the actor may acknowledge or resolve an alert of this station: the API lets a technician act on
 * the stations of their active assignments, except where they are only `observateur`.
 */
export function canActOnAlert(actor: Actor, station: number | null): boolean {
  if (!actor.isTechnician || station === null) return false;
  const role = actor.stationRoles[station];
  return role !== undefined && role !== "observateur";
}

/** An alert's next step for this actor, if any. */
export function alertAction(actor: Actor, alert: { station: number | null; status: string }): "acknowledge" | "resolve" | null {
  if (!canActOnAlert(actor, alert.station)) return null;
  if (alert.status === "nouvelle" || alert.status === "active") return "acknowledge";
  if (alert.status === "prise_en_charge") return "resolve";
  return null;
}
