import { Button, Card, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { formatWindow } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { AccessPanel } from "../../lib/AccessPanel";
import { ReservationStatusBadge } from "../../lib/ReservationStatusBadge";
import "@mantine/core/styles/ScrollArea.css";
import "@mantine/core/styles/Overlay.css";
import "@mantine/core/styles/ModalBase.css";
import "@mantine/core/styles/Modal.css";

type Reservation = components["schemas"]["Reservation"];

interface Props {
  reservation: Reservation;
  accessOpen: boolean;
  onAccess: (open: boolean) => void;
}

export function ReservationCard({ reservation, accessOpen, onAccess }: Props) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const cancel = $api.useMutation("post", "/api/reservations/{id_reservation}/cancel/", {
    onSuccess: () => {
      confirm.close();
      void queryClient.invalidateQueries();
    },
  });
  const open = reservation.statut === "confirmee" || reservation.statut === "en_attente" || reservation.statut === "active";

  return (
    <Card withBorder data-testid={`reservation-${reservation.reference_code}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700}>{reservation.reference_code}</Text>
          {reservation.statut && <ReservationStatusBadge status={reservation.statut} />}
        </Group>
        <Text size="sm">{reservation.station_nom} · {reservation.borne_nom} · {t("access.bay", { numero: reservation.emplacement_numero })}</Text>
        <Text size="sm">{formatWindow(reservation.date_debut, reservation.date_fin, i18n.language)}</Text>
        {open && (
          <Group grow>
            <Button variant="light" onClick={() => onAccess(true)}>{t("reservations.access")}</Button>
            {reservation.can_cancel && (
              <Button variant="outline" color="red" onClick={confirm.open}>{t("reservations.cancel")}</Button>
            )}
          </Group>
        )}
      </Stack>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={accessOpen} onClose={() => onAccess(false)} title={t("reservations.accessTitle")}>
        <AccessPanel reservation={reservation} />
      </Modal>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={confirming} onClose={confirm.close} title={t("reservations.cancelTitle")}>
        <Stack>
          <Text>{t("reservations.cancelText", { code: reservation.reference_code })}</Text>
          <ProblemAlert error={cancel.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>{t("reservations.keep")}</Button>
            <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate({ params: { path: { id_reservation: reservation.id_reservation } } })}>
              {t("reservations.cancelConfirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
