import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import type { components } from "../../../shared/api/schema";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { refreshData } from "../../lib/refresh";

type Station = components["schemas"]["Station"];
export const STATION_STATUSES = ["active", "maintenance", "inactive"] as const;

/** Create a station (no `station` given) or edit one, in a modal. */
export function StationForm({ station, onClose }: { station?: Station; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      nom: station?.nom ?? "",
      localisation_text: station?.localisation_text ?? "",
      latitude: station?.latitude ?? "",
      longitude: station?.longitude ?? "",
      statut: station?.statut ?? "active",
    },
    validate: { nom: (v) => (v.trim() ? null : t("network.required")) },
  });
  const options = {
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("network.saved") });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error: unknown) => setProblem(applyApiErrors(form, error)),
  };
  const create = $api.useMutation("post", "/api/admin/stations/", options);
  const update = $api.useMutation("patch", "/api/admin/stations/{id}/", options);
  const submit = form.onSubmit((values) => {
    setProblem(null);
    const body = { ...values, latitude: values.latitude || null, longitude: values.longitude || null };
    if (station) update.mutate({ params: { path: { id: station.id_station } }, body });
    else create.mutate({ body });
  });
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t(station ? "network.editStation" : "network.newStation")}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <TextInput label={t("network.nom")} required data-autofocus {...form.getInputProps("nom")} />
          <TextInput label={t("network.address")} {...form.getInputProps("localisation_text")} />
          <Group grow>
            <TextInput label={t("network.latitude")} inputMode="decimal" {...form.getInputProps("latitude")} />
            <TextInput label={t("network.longitude")} inputMode="decimal" {...form.getInputProps("longitude")} />
          </Group>
          <Select label={t("network.statut")} data={STATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} allowDeselect={false} {...form.getInputProps("statut")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
