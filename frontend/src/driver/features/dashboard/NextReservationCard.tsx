import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { components } from "../../../shared/api/schema";
import { formatDuration, formatWindow, secondsUntil } from "../../../shared/format/dates";
import { useNow } from "../../../shared/ui/useNow";
import { ReservationStatusBadge } from "../../lib/ReservationStatusBadge";

type Reservation = components["schemas"]["DashboardReservation"];

/** The next booking with a countdown to its start (or to its end once it has started). */
export function NextReservationCard({ reservation }: { reservation: Reservation }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const toStart = secondsUntil(reservation.date_debut, now);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">{t("dashboard.next")}</Title>
          <ReservationStatusBadge status={reservation.statut} />
        </Group>
        <Text fw={600}>{reservation.station_nom} · {t("dashboard.bay", { numero: reservation.emplacement_numero })}</Text>
        <Text size="sm">{formatWindow(reservation.date_debut, reservation.date_fin, i18n.language)}</Text>
        <Text size="sm" c="teal.9" aria-live="off">
          {toStart > 0
            ? t("dashboard.startsIn", { duration: formatDuration(toStart) })
            : t("dashboard.endsIn", { duration: formatDuration(secondsUntil(reservation.date_fin, now)) })}
        </Text>
        <Text size="sm" c="dimmed">{t("dashboard.reference", { code: reservation.reference_code })} · {t(`authMode.${reservation.auth_choice}`)}</Text>
        <Button component={Link} to={`/reservations?open=${reservation.id_reservation}`} variant="light">
          {t("dashboard.showAccess")}
        </Button>
      </Stack>
    </Card>
  );
}
