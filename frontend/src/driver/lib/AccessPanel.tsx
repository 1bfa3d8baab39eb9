import { Alert, Button, Card, Code, Group, Image, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";
import { formatDateTime, formatWindow } from "../../shared/format/dates";
import { ProblemAlert } from "../../shared/ui/ProblemAlert";
import { QueryState } from "../../shared/ui/QueryState";
import { ReservationStatusBadge } from "./ReservationStatusBadge";

type Reservation = components["schemas"]["Reservation"];

/** A booking's where and when, and how to open it at the kiosk: the code, the QR image or the badge. */
export function AccessPanel({ reservation, onAnother }: { reservation: Reservation; onAnother?: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Text fw={700} size="lg" data-testid="reference-code">{reservation.reference_code}</Text>
          {reservation.statut && <ReservationStatusBadge status={reservation.statut} />}
        </Group>
        <Text>
          {reservation.station_nom} · {reservation.borne_nom} · {t("access.bay", { numero: reservation.emplacement_numero })}
        </Text>
        <Text size="sm">{formatWindow(reservation.date_debut, reservation.date_fin, i18n.language)}</Text>
        {reservation.auth_mode === "rfid" ? (
          <BadgeAccess pending={reservation.statut === "en_attente"} />
        ) : (
          <TemporaryAccess id={reservation.id_reservation} />
        )}
        <Text size="xs" c="dimmed">{t("access.window", { from: formatDateTime(reservation.date_debut, i18n.language) })}</Text>
        {onAnother && <Button variant="light" onClick={onAnother}>{t("access.another")}</Button>}
      </Stack>
    </Card>
  );
}

function BadgeAccess({ pending }: { pending: boolean }) {
  const { t } = useTranslation();
  if (!pending) return <Alert color="teal">{t("access.badge")}</Alert>;
  return (
    <Alert color="yellow" title={t("access.badgeMissingTitle")}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t("access.badgeMissing")}</Text>
        <Button component={Link} to="/badges" size="xs">{t("nav.badges")}</Button>
      </Stack>
    </Alert>
  );
}

function TemporaryAccess({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const access = $api.useQuery("get", "/api/reservations/{id_reservation}/access/", { params: { path: { id_reservation: id } } }, { staleTime: Infinity });
  const sms = $api.useMutation("post", "/api/reservations/{id_reservation}/access/sms/");
  return (
    <QueryState query={access}>
      {(data) => (
        <Stack align="center">
          {data.code && (
            <>
              <Text size="sm">{t("access.codeHelp")}</Text>
              <Code fz={36} fw={700} p="md" data-testid="access-code" aria-label={t("access.codeLabel")}>{data.code}</Code>
            </>
          )}
          {data.qr_svg && (
            <>
              <Text size="sm">{t("access.qrHelp")}</Text>
              <Image src={`data:image/svg+xml;utf8,${encodeURIComponent(data.qr_svg)}`} alt={t("access.qrAlt")} w={220} h={220} data-testid="access-qr" />
            </>
          )}
          {data.expiration && <Text size="xs" c="dimmed">{t("access.validUntil", { until: formatDateTime(data.expiration, i18n.language) })}</Text>}
          {data.code && (
            <Stack w="100%">
              <Button variant="light" loading={sms.isPending} onClick={() => sms.mutate({ params: { path: { id_reservation: id } } })}>
                {t("access.sendSms")}
              </Button>
              {sms.isSuccess && <Alert color="teal" role="status">{t("access.smsSent")}</Alert>}
              <ProblemAlert error={sms.error} />
            </Stack>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
