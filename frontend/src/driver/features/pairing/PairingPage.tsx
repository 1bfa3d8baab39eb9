import { Alert, Button, Card, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { $api } from "../../../shared/api/client";
import { formatWindow } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";

/** Opened from the kiosk's QR: the bookings usable at that kiosk now, one of which the driver authorizes. */
export default function PairingPage() {
  const { t, i18n } = useTranslation();
  const { token = "" } = useParams();
  const [authorized, setAuthorized] = useState(false);
  const detail = $api.useQuery("get", "/api/mobile-sessions/{token}/", { params: { path: { token } } }, { retry: false });
  const authorize = $api.useMutation("post", "/api/mobile-sessions/{token}/authorize/", { onSuccess: () => setAuthorized(true) });

  return (
    <Stack>
      <Title order={1}>{t("pairing.title")}</Title>
      <QueryState query={detail}>
        {(data) =>
          authorized || data.status === "authorized" || data.status === "consumed" ? (
            <Alert color="teal" role="status" title={t("pairing.doneTitle")}>{t("pairing.done")}</Alert>
          ) : data.status === "expired" ? (
            <Alert color="orange" role="alert">{t("pairing.expired")}</Alert>
          ) : (
            <Stack>
              <Text>{t("pairing.kiosk", { station: data.station_nom, borne: data.borne_nom })}</Text>
              {data.reservations.length === 0 && <Alert color="yellow">{t("pairing.noneUsable")}</Alert>}
              {data.reservations.map((r) => (
                <Card withBorder key={r.id_reservation}>
                  <Stack gap="xs">
                    <Text fw={700}>{r.reference_code}</Text>
                    <Text size="sm">{t("access.bay", { numero: r.emplacement_numero })} · {formatWindow(r.date_debut, r.date_fin, i18n.language)}</Text>
                    <Button loading={authorize.isPending} onClick={() => authorize.mutate({ params: { path: { token } }, body: { id_reservation: r.id_reservation } })}>
                      {t("pairing.open")}
                    </Button>
                  </Stack>
                </Card>
              ))}
              <ProblemAlert error={authorize.error} />
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
