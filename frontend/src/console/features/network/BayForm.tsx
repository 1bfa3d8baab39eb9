import { Button, Group, Modal, NumberInput, Select, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { idOrUndefined } from "../../lib/query";
import { refreshData } from "../../lib/refresh";

type Emplacement = components["schemas"]["Emplacement"];
export const BAY_STATUSES = ["disponible", "reserve", "occupe", "maintenance"] as const;

/** Create a bay of a cabinet (the API creates its device), or edit one, in a modal. */
export function BayForm({ bay, borne, onClose }: { bay?: Emplacement; borne?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
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
  const options = {
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("network.saved") });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error: unknown) => setProblem(applyApiErrors(form, error)),
  };
  const create = $api.useMutation("post", "/api/admin/emplacements/", options);
  const update = $api.useMutation("patch", "/api/admin/emplacements/{id}/", options);
  const submit = form.onSubmit((values) => {
    setProblem(null);
    const body = { borne: idOrUndefined(values.borne), numero: Number(values.numero), statut: values.statut };
    if (bay) update.mutate({ params: { path: { id: bay.id_emplacement } }, body });
    else create.mutate({ body });
  });
  const cabinetOptions = listOf(bornes.data ?? []).map((b) => ({ value: String(b.id_borne), label: `${b.station_nom} · ${b.nom || b.numero}` }));
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t(bay ? "network.editBay" : "network.newBay")}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <Select label={t("network.cabinet")} data={cabinetOptions} searchable required {...form.getInputProps("borne")} />
          <NumberInput label={t("network.numero")} min={1} allowDecimal={false} required {...form.getInputProps("numero")} />
          <Select label={t("network.statut")} data={BAY_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} allowDeselect={false} {...form.getInputProps("statut")} />
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
