import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../../shared/api/client";
import { QueryState } from "../../../shared/ui/QueryState";
import { NextReservationCard } from "./NextReservationCard";
import { OpenSessionCard } from "./OpenSessionCard";
import "@mantine/core/styles/SimpleGrid.css";

const OPEN_SESSION_STATES = new Set(["access_validated", "waiting_plug", "charging", "stopping"]);

export default function DashboardPage() {
  const { t } = useTranslation();
  const dashboard = $api.useQuery("get", "/api/account/dashboard/", {}, {
    // While a session is open its state and energy are followed live.
    refetchInterval: (query) => (query.state.data?.recent_sessions.some((s) => OPEN_SESSION_STATES.has(s.charge_state)) ? 5000 : 60_000),
  });

  return (
    <Stack>
      <Title order={1}>{t("dashboard.title")}</Title>
      <QueryState query={dashboard}>
        {(data) => {
          const open = data.recent_sessions.find((s) => OPEN_SESSION_STATES.has(s.charge_state));
          return (
            <Stack>
              {open && <OpenSessionCard session={open} />}
              {data.next_reservation ? (
                <NextReservationCard reservation={data.next_reservation} />
              ) : (
                <Card withBorder>
                  <Stack align="flex-start">
                    <Text>{t("dashboard.noReservation")}</Text>
                    <Button component={Link} to="/book">{t("nav.book")}</Button>
                  </Stack>
                </Card>
              )}
              <SimpleGrid cols={{ base: 3 }}>
                <Figure label={t("dashboard.reservations")} value={String(data.total_reservations)} />
                <Figure label={t("dashboard.sessions")} value={String(data.total_sessions)} />
                <Figure label={t("dashboard.energy")} value={`${data.total_energy_kwh.toLocaleString()} kWh`} />
              </SimpleGrid>
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Group justify="center">
        <Stack gap={0} align="center">
          <Text fw={700} size="lg">{value}</Text>
          <Text size="xs" c="dimmed" ta="center">{label}</Text>
        </Stack>
      </Group>
    </Card>
  );
}
