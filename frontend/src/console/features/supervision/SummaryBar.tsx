import { Badge, Group, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { useActor } from "../../lib/actor";
import { POLL_MS } from "./useSupervision";

const DEVICE_STATES = ["online", "charging", "idle", "provisioned", "offline", "error"] as const;
const SEVERITIES = ["critique", "haute", "moyenne", "basse"] as const;

/** The counts of the supervised scope (devices by status, open alerts by severity), polled like the lists. */
export function SummaryBar({ station }: { station?: number }) {
  const { t } = useTranslation();
  const actor = useActor();
  const params = { params: { query: { station } } };
  const live = { refetchInterval: POLL_MS, refetchIntervalInBackground: false };
  const admin = $api.useQuery("get", "/api/admin/supervision/summary/", params, { ...live, enabled: actor.isStaff });
  const technician = $api.useQuery("get", "/api/technician/supervision/summary/", params, { ...live, enabled: !actor.isStaff });
  const summary = actor.isStaff ? admin : technician;
  const problem: unknown = summary.error; // typed `never`: the schema gives the 4xx answers no body
  if (problem) return <ProblemAlert error={problem} />;
  const data = summary.data;
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-label={t("supervision.summary")}>
      <Group gap="lg" wrap="wrap">
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600}>{t("supervision.devicesCount", { count: data?.devices.total ?? 0 })}</Text>
          {DEVICE_STATES.map((s) => (
            <Badge key={s} variant="light" color={s === "error" ? "red" : s === "offline" ? "gray" : "teal"} style={{ textTransform: "none" }}>
              {t(`status.${s}`)} {data?.devices.by_status[s] ?? "…"}
            </Badge>
          ))}
        </Group>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600} data-testid="open-alerts">{t("supervision.openCount", { count: data?.alerts.open ?? 0 })}</Text>
          {SEVERITIES.map((s) => (
            <Badge key={s} variant="light" color={s === "critique" ? "red" : s === "haute" ? "violet" : "gray"} style={{ textTransform: "none" }}>
              {t(`status.${s}`)} {data?.alerts.by_severity[s] ?? "…"}
            </Badge>
          ))}
        </Group>
      </Group>
    </Paper>
  );
}
