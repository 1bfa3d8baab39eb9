import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, type ReactNode } from "react";
import { $api, api } from "../../shared/api/client";
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

/** The technician's own assignments, or null for someone who is not a technician (a 403 `not_a_technician`). */
async function ownAssignments(): Promise<Record<number, StationRole> | null> {
  const { data, error, response } = await api.GET("/api/technician/assignments/");
  if (response.status === 403 && readProblem(error).code === "not_a_technician") return null;
  if (!response.ok || data === undefined) throw error ?? new Error(`assignments: ${response.status}`);
  const roles: Record<number, StationRole> = {};
  for (const row of listOf(data)) roles[row.station] = row.role ?? "intervenant";
  return roles;
}

/**
 * Who is signed in: the profile (staff or not), then their technician assignments. `actor` is null while
 * loading, `error` an unexpected refusal. Both are ordinary answers (data), so a refetch after a write never
 * drops the console back to its loading state.
 */
export function useLoadActor(): { actor: Actor | null; error: unknown; refetch: () => void } {
  const me = $api.useQuery("get", "/api/auth/me/");
  const assignments = useQuery({ queryKey: ["console", "own-assignments"], queryFn: ownAssignments, enabled: me.isSuccess, retry: false });
  const refetch = () => {
    void me.refetch();
    void assignments.refetch();
  };
  if (me.error) return { actor: null, error: me.error, refetch };
  if (assignments.error) return { actor: null, error: assignments.error, refetch };
  if (!me.data || assignments.data === undefined) return { actor: null, error: null, refetch };
  const roles = assignments.data;
  return {
    actor: { pseudo: me.data.pseudo ?? "", isStaff: me.data.is_staff, isTechnician: roles !== null, stationRoles: roles ?? {} },
    error: null,
    refetch,
  };
}
