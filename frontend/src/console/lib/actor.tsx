import { createContext, useContext, type ReactNode } from "react";
import { $api } from "../../shared/api/client";
import { readProblem } from "../../shared/api/errors";
import { listOf } from "../../shared/api/pages";
import type { Actor, StationRole } from "./permissions";

const ActorContext = createContext<Actor | null>(null);

/** The signed-in actor of the console (only inside `RequireConsole`). */
export function useActor(): Actor {
  const actor = useContext(ActorContext);
  if (!actor) throw new Error("useActor outside RequireConsole");
  return actor;
}

export function ActorProvider({ actor, children }: { actor: Actor; children: ReactNode }) {
  return <ActorContext.Provider value={actor}>{children}</ActorContext.Provider>;
}

/**
 * Who is signed in: the profile (staff or not), then their technician assignments (a 403
 * `not_a_technician` means they are not one). `actor` is null while loading, `error` an unexpected refusal.
 */
export function useLoadActor(): { actor: Actor | null; error: unknown; refetch: () => void } {
  const me = $api.useQuery("get", "/api/auth/me/");
  const assignments = $api.useQuery("get", "/api/technician/assignments/", {}, { enabled: me.isSuccess, retry: false });
  const refetch = () => {
    void me.refetch();
    void assignments.refetch();
  };
  if (me.error) return { actor: null, error: me.error, refetch };
  if (!me.data || assignments.isPending) return { actor: null, error: null, refetch };
  let isTechnician = false;
  const stationRoles: Record<number, StationRole> = {};
  if (assignments.data) {
    isTechnician = true;
    for (const row of listOf(assignments.data)) stationRoles[row.station] = row.role ?? "intervenant";
  } else if (readProblem(assignments.error).code !== "not_a_technician") {
    return { actor: null, error: assignments.error, refetch };
  }
  return { actor: { pseudo: me.data.pseudo ?? "", isStaff: me.data.is_staff, isTechnician, stationRoles }, error: null, refetch };
}
