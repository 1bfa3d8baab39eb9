import { NumberInput, Select } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { FormModal, useSaveCallbacks } from "../../lib/FormModal";
import { idOrUndefined } from "../../lib/query";

type Emplacement = components["schemas"]["Emplacement"];
export const BAY_STATUSES = ["disponible", "reserve", "occupe", "maintenance"] as const;

/** Create a bay of a cabinet (the API creates its device), or edit one, in a modal. */
export function BayForm({ bay, borne, onClose }: { bay?: Emplacement; borne?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const bornes = $api.useQuery("get", "/api/admin/bornes/");
  const form = useForm({
    initialValues: {
      borne: bay?.borne ? String(bay.borne) : borne ? String(borne) : null as string | null,
      numero: bay?.numero ?? 1 as number | string,
      statut: bay?.statut ?? "disponible",
    },
    validate: {
      borne: (v) => (idOrUndefined(v) ? null : t("network.required")),
      numero: (v) => (Number(v) > 0 ? null : t("network.required")),
    },
  });
  const { problem, clearProblem, callbacks } = useSaveCallbacks(form, onClose, t("network.saved"));
  const create = $api.useMutation("post", "/api/admin/emplacements/", callbacks);
  const update = $api.useMutation("patch", "/api/admin/emplacements/{id}/", callbacks);
  const submit = form.onSubmit((values) => {
    clearProblem();
    const body = { borne: idOrUndefined(values.borne), numero: Number(values.numero), statut: values.statut };
    if (bay) update.mutate({ params: { path: { id: bay.id_emplacement } }, body });
    else create.mutate({ body });
  });
  const cabinetOptions = listOf(bornes.data ?? []).map((b) => ({ value: String(b.id_borne), label: `${b.station_nom} · ${b.nom || b.numero}` }));
  return (
    <FormModal title={t(bay ? "network.editBay" : "network.newBay")} onClose={onClose} onSubmit={submit} problem={problem} saving={create.isPending || update.isPending}>
      <Select label={t("network.cabinet")} data={cabinetOptions} searchable required {...form.getInputProps("borne")} />
      <NumberInput label={t("network.numero")} min={1} allowDecimal={false} required {...form.getInputProps("numero")} />
      <Select label={t("network.statut")} data={BAY_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} allowDeselect={false} {...form.getInputProps("statut")} />
    </FormModal>
  );
}
