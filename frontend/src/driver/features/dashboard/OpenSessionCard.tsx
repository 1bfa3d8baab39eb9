import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { formatDuration, formatTime } from "../../../shared/format/dates";
import { useNow } from "../../../shared/ui/useNow";

type Session = components["schemas"]["DashboardSession"];

/** The session under way: its state, the energy so far and how long it has run (refreshed by the page). */
export function OpenSessionCard({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const elapsed = session.start_time ? (now - new Date(session.start_time).getTime()) / 1000 : 0;
  return (
    <Card withBorder bg="teal.0" aria-live="polite" data-testid="open-session">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">{t("dashboard.openSession")}</Title>
          <Badge color="teal">{t(`chargeState.${session.charge_state}`)}</Badge>
        </Group>
        <Text fw={600}>{session.station_nom} · {session.reference_code}</Text>
        <Group gap="lg">
          <Text size="sm">{t("dashboard.energySoFar", { kwh: (session.energie_kwh ?? 0).toFixed(2) })}</Text>
          <Text size="sm">{t("dashboard.since", { time: formatTime(session.start_time, i18n.language), duration: formatDuration(elapsed) })}</Text>
        </Group>
      </Stack>
    </Card>
  );
}
