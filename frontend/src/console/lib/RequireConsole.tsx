import { Button, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { useSession } from "../../shared/api/useSession";
import { PageLoader } from "../../shared/ui/PageLoader";
import { ProblemAlert } from "../../shared/ui/ProblemAlert";
import { ActorProvider, useLoadActor } from "./actor";
import { ConsoleShell } from "./ConsoleShell";
import { NotForYouPage } from "./NotForYouPage";
import { consoleRole } from "./permissions";

/** The console's screens: signed in as staff or a technician; a driver is told it is not for them. */
export function RequireConsole() {
  const status = useSession();
  const location = useLocation();
  if (status === "unknown") return <PageLoader />;
  if (status === "anonymous") {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SignedIn />;
}

function SignedIn() {
  const { t } = useTranslation();
  const { actor, error, refetch } = useLoadActor();
  if (error) {
    return (
      <Stack p="md" maw={480} mx="auto" component="main">
        <ProblemAlert error={error} />
        <Button variant="light" onClick={refetch}>
          {t("common.retry")}
        </Button>
      </Stack>
    );
  }
  if (!actor) return <PageLoader />;
  if (consoleRole(actor) === "none") return <NotForYouPage />;
  return (
    <ActorProvider actor={actor}>
      <ConsoleShell>
        <Outlet />
      </ConsoleShell>
    </ActorProvider>
  );
}

/** Where to go after a login: the `next` the guard left, if it is a path of this app. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}
