import { Alert } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useActor } from "./actor";
import { canSee, type ConsoleArea } from "./permissions";

/** A screen of one area: shown to the actors whose role opens it, a plain sentence for the others. */
export function RequireArea({ area, children }: { area: ConsoleArea; children: ReactNode }) {
  const { t } = useTranslation();
  const actor = useActor();
  if (!canSee(actor, area)) return <Alert color="violet" role="alert">{t("shell.notAllowed")}</Alert>;
  return <>{children}</>;
}
