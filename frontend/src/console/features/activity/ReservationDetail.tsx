import { Group, Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { formatDateTime, formatWindow } from "../../../shared/format/dates";
import { useActor } from "../../lib/actor";
import { call } from "../../lib/call";
import { ConfirmButton } from "../../lib/ConfirmButton";
import { canAdminister } from "../../lib/permissions";
import { StatusBadge } from "../../lib/StatusBadge";
import { refreshData } from "../../lib/refresh";

type Reservation = components["schemas"]["Reservation"];

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{value}</Text>
    </Stack>
  );
}

/** One reservation; staff may cancel it or revoke its access while it is open. */
export function ReservationDetail({ reservation: r, onClose }: { reservation: Reservation; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const actor = useActor();
  const queryClient = useQueryClient();
  const path = { params: { path: { id: r.id_reservation } } };
  const done = (message: string) => () => {
    notifications.show({ color: "teal", message });
    onClose();
    return refreshData(queryClient);
  };
  const open = r.statut === "confirmee" || r.statut === "en_attente";
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t("activity.reservation", { code: r.reference_code })} size="lg">
      <Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Field label={t("activity.state")} value={<StatusBadge value={r.statut} />} />
          <Field label={t("activity.user")} value={r.utilisateur_pseudo} />
          <Field label={t("activity.place")} value={t("activity.placeOf", { station: r.station_nom, borne: r.borne_nom || r.borne_numero, bay: r.emplacement_numero })} />
          <Field label={t("activity.start")} value={formatWindow(r.date_debut, r.date_fin, i18n.language)} />
          <Field label={t("activity.mode")} value={`${r.auth_mode} ${r.auth_display_value}`} />
          <Field label={t("activity.end")} value={formatDateTime(r.auth_expiration, i18n.language)} />
        </SimpleGrid>
        {canAdminister(actor) && open && (
          <Group>
            <ConfirmButton color="red" label={t("activity.cancel")} title={t("activity.cancelTitle", { code: r.reference_code })} help={t("activity.cancelHelp")}
              action={() => call(api.POST("/api/admin/reservations/{id}/cancel/", path)).then(done(t("activity.cancelled")))} />
            {r.auth_is_active && r.auth_mode !== "rfid" && (
              <ConfirmButton color="violet" label={t("activity.revokeAccess")} title={t("activity.revokeTitle", { code: r.reference_code })} help={t("activity.revokeHelp")}
                action={() => call(api.POST("/api/admin/reservations/{id}/access/revoke/", path)).then(done(t("activity.revoked")))} />
            )}
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
