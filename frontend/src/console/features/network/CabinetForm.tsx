import { NumberInput, Select, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { FormModal, useSaveCallbacks } from "../../lib/FormModal";
import { idOrUndefined } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { STATION_STATUSES } from "./StationForm";

type Borne = components["schemas"]["Borne"];

/** Create a cabinet of a station, or edit one, in a modal. */
export function CabinetForm({ borne, station, onClose }: { borne?: Borne; station?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: {
      station: borne ? String(borne.station) : station ? String(station) : null as string | null,
      numero: borne?.numero ?? 1 as number | string,
      nom: borne?.nom ?? "",
      mqtt_prefix: borne?.mqtt_prefix ?? "",
      statut: borne?.statut ?? "active",
    },
    validate: {
      station: (v) => (idOrUndefined(v) ? null : t("network.required")),
      numero: (v) => (Number(v) > 0 ? null : t("network.required")),
    },
  });
  const { problem, clearProblem, callbacks } = useSaveCallbacks(form, onClose, t("network.saved"));
  const create = $api.useMutation("post", "/api/admin/bornes/", callbacks);
  const update = $api.useMutation("patch", "/api/admin/bornes/{id}/", callbacks);
  const submit = form.onSubmit((values) => {
    clearProblem();
    const prefix = values.mqtt_prefix.trim();
    const body = { station: idOrUndefined(values.station) ?? 0, numero: Number(values.numero), nom: values.nom, statut: values.statut, ...(prefix ? { mqtt_prefix: prefix } : {}) };
    if (borne) update.mutate({ params: { path: { id: borne.id_borne } }, body });
    else create.mutate({ body });
  });
  return (
    <FormModal title={t(borne ? "network.editCabinet" : "network.newCabinet")} onClose={onClose} onSubmit={submit} problem={problem} saving={create.isPending || update.isPending}>
      <StationSelect allowAll={false} value={form.values.station} onChange={(v) => form.setFieldValue("station", v)} error={form.errors.station as string | undefined} />
      <NumberInput label={t("network.numero")} min={1} allowDecimal={false} required {...form.getInputProps("numero")} />
      <TextInput label={t("network.nom")} {...form.getInputProps("nom")} />
      <TextInput label={t("network.mqttPrefix")} description={t("network.mqttPrefixHelp")} {...form.getInputProps("mqtt_prefix")} />
      <Select label={t("network.statut")} data={STATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} allowDeselect={false} {...form.getInputProps("statut")} />
    </FormModal>
  );
}
