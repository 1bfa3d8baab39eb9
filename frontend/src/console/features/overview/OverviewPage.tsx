import { Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { QueryState } from "../../../shared/ui/QueryState";

// `admin_overview`'s metrics are typed as an open object in the schema: read each number defensively.
type Metrics = Record<string, unknown>;

function num(metrics: Metrics, group: string, key: string): number {
  const value = (metrics[group] as Record<string, unknown> | undefined)?.[key];
  return typeof value === "number" ? value : 0;
}

/** The API's rates are fractions (0.25): shown as a rounded percentage. */
function percent(rate: number): number {
  return Math.round(rate * 1000) / 10;
}

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

export default function OverviewPage() {
  const { t, i18n } = useTranslation();
  const overview = $api.useQuery("get", "/api/admin/overview/", {}, { refetchInterval: 30_000, refetchIntervalInBackground: false });
  const n = (value: number) => value.toLocaleString(i18n.language);
  return (
    <Stack>
      <Title order={1}>{t("overview.title")}</Title>
      <QueryState query={overview}>
        {({ metrics }) => (
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Kpi label={t("overview.stations")} value={n(num(metrics, "stations", "total"))} hint={t("overview.activeOf", { count: num(metrics, "stations", "active") })} />
            <Kpi label={t("overview.bornes")} value={n(num(metrics, "bornes", "total"))} />
            <Kpi label={t("overview.bays")} value={n(num(metrics, "emplacements", "total"))} hint={t("overview.occupationRate", { rate: percent(num(metrics, "emplacements", "occupation_rate")) })} />
            <Kpi label={t("overview.devices")} value={n(num(metrics, "devices", "total"))} hint={t("overview.onlineRate", { rate: percent(num(metrics, "devices", "online_rate")) })} />
            <Kpi label={t("overview.online")} value={n(num(metrics, "devices", "online"))} />
            <Kpi label={t("overview.offline")} value={n(num(metrics, "devices", "offline"))} />
            <Kpi label={t("overview.deviceErrors")} value={n(num(metrics, "devices", "error"))} />
            <Kpi label={t("overview.firmware")} value={n(num(metrics, "devices", "firmware_not_compliant"))} />
            <Kpi label={t("overview.reservationsToday")} value={n(num(metrics, "reservations", "today"))} />
            <Kpi label={t("overview.reservationsUpcoming")} value={n(num(metrics, "reservations", "upcoming"))} />
            <Kpi label={t("overview.sessionsActive")} value={n(num(metrics, "sessions", "active"))} />
            <Kpi label={t("overview.energyToday")} value={t("overview.kwh", { value: n(num(metrics, "sessions", "energy_today_kwh")) })} hint={t("overview.energyMonth") + " : " + t("overview.kwh", { value: n(num(metrics, "sessions", "energy_month_kwh")) })} />
            <Kpi label={t("overview.alertsOpen")} value={n(num(metrics, "alerts_open", "total"))} hint={t("overview.alertsCritical", { count: num(metrics, "alerts_open", "critique") })} />
          </SimpleGrid>
        )}
      </QueryState>
    </Stack>
  );
}
