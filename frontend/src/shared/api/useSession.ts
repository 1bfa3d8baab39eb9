import { useEffect, useSyncExternalStore } from "react";
import { refreshSession } from "./client";
import { session, type SessionStatus } from "./session";

/** This tab's sign-in state; the first caller asks the refresh cookie once whether a session exists. */
export function useSession(): SessionStatus {
  const status = useSyncExternalStore(session.subscribe, session.status);
  useEffect(() => {
    if (status === "unknown") void refreshSession();
  }, [status]);
  return status;
}
