import { Group, Select, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { FormModal, useSaveCallbacks } from "../../lib/FormModal";

type Station = components["schemas"]["Station"];
export const STATION_STATUSES = ["active", "maintenance", "inactive"] as const;

/** Create a station (no `station` given) or edit one, in a modal. */
export function StationForm({ station, onClose }: { station?: Station; onClose: () => void }) {
  const { t } = useTranslation();
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
  const { problem, clearProblem, callbacks } = useSaveCallbacks(form, onClose, t("network.saved"));
  const create = $api.useMutation("post", "/api/admin/stations/", callbacks);
  const update = $api.useMutation("patch", "/api/admin/stations/{id}/", callbacks);
  const submit = form.onSubmit((values) => {
    clearProblem();
    const body = { ...values, latitude: values.latitude || null, longitude: values.longitude || null };
    if (station) update.mutate({ params: { path: { id: station.id_station } }, body });
    else create.mutate({ body });
  });
  return (
    <FormModal title={t(station ? "network.editStation" : "network.newStation")} onClose={onClose} onSubmit={submit} problem={problem} saving={create.isPending || update.isPending}>
      <TextInput label={t("network.nom")} required data-autofocus {...form.getInputProps("nom")} />
      <TextInput label={t("network.address")} {...form.getInputProps("localisation_text")} />
      <Group grow>
        <TextInput label={t("network.latitude")} inputMode="decimal" {...form.getInputProps("latitude")} />
        <TextInput label={t("network.longitude")} inputMode="decimal" {...form.getInputProps("longitude")} />
      </Group>
      <Select label={t("network.statut")} data={STATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} allowDeselect={false} {...form.getInputProps("statut")} />
    </FormModal>
  );
}
