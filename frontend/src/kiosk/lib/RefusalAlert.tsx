import { Alert, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { readProblem } from "../../shared/api/errors";
import { formatDuration, formatTime } from "../../shared/format/dates";
import { Refusal } from "./refusal";
import { useNow } from "../../shared/ui/useNow";

/**
 * Why the kiosk did not open, in words: the API's reason, a countdown when it says when to try again
 * (`Retry-After`), the time the access opens when the kiosk knows it; or the kiosk's own reason offline.
 */
export function RefusalAlert({ error, localReason, opensAt }: { error?: unknown; localReason?: string | null; opensAt?: string | null }) {
  const { t, i18n } = useTranslation();
  const retryAfter = error instanceof Refusal ? error.retryAfterSeconds : null;
  const now = useNow();
  const left = error instanceof Refusal && retryAfter !== null ? Math.ceil(retryAfter - (now - error.receivedAt) / 1000) : 0;
  if (!error && !localReason) return null;
  if (localReason) {
    return (
      <Alert color="red" role="alert" title={t("kiosk.refusal.local.title")} data-testid="refusal">
        <Text size="lg">{t(`kiosk.refusal.local.${localReason}`, { defaultValue: t("kiosk.refusal.local.refused") })}</Text>
      </Alert>
    );
  }
  const problem = readProblem(error instanceof Refusal ? error.body : error);
  const message = problem.message ?? (problem.code === "network" || error instanceof TypeError ? t("errors.network") : t("errors.generic"));
  return (
    <Alert color="red" role="alert" title={t("kiosk.refusal.title")} data-testid="refusal">
      <Text size="lg">{message}</Text>
      {opensAt && <Text size="lg" mt="xs">{t("kiosk.refusal.from", { time: formatTime(opensAt, i18n.language) })}</Text>}
      {retryAfter !== null && left > 0 && (
        <Text size="lg" mt="xs" fw={700} data-testid="retry-after">{t("kiosk.refusal.retryIn", { time: formatDuration(left) })}</Text>
      )}
    </Alert>
  );
}
