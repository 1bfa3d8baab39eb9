import { Navigate, Outlet, useLocation } from "react-router";
import { useSession } from "../../shared/api/useSession";
import { PageLoader } from "../../shared/ui/PageLoader";

/** The screens of a signed-in driver; anyone else goes to the login, and comes back after it. */
export function RequireAuth() {
  const status = useSession();
  const location = useLocation();
  if (status === "unknown") return <PageLoader />;
  if (status === "anonymous") {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** Where to go after a login: the `next` the guard left, if it is a path of this app. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}
