import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import type { components } from "../../../shared/api/schema";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { idOrUndefined } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { STATION_STATUSES } from "./StationForm";
import { refreshData } from "../../lib/refresh";

type Borne = components["schemas"]["Borne"];

/** Create a cabinet of a station, or edit one, in a modal. */
export function CabinetForm({ borne, station, onClose }: { borne?: Borne; station?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
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
  const options = {
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("network.saved") });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error: unknown) => setProblem(applyApiErrors(form, error)),
  };
  const create = $api.useMutation("post", "/api/admin/bornes/", options);
  const update = $api.useMutation("patch", "/api/admin/bornes/{id}/", options);
  const submit = form.onSubmit((values) => {
    setProblem(null);
    const body = { station: idOrUndefined(values.station) ?? 0, numero: Number(values.numero), nom: values.nom, statut: values.statut, ...(values.mqtt_prefix.trim() ? { mqtt_prefix: values.mqtt_prefix.trim() } : {}) };
    if (borne) update.mutate({ params: { path: { id: borne.id_borne } }, body });
    else create.mutate({ body });
  });
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t(borne ? "network.editCabinet" : "network.newCabinet")}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <StationSelect allowAll={false} value={form.values.station} onChange={(v) => form.setFieldValue("station", v)} error={form.errors.station as string | undefined} />
          <NumberInput label={t("network.numero")} min={1} allowDecimal={false} required {...form.getInputProps("numero")} />
          <TextInput label={t("network.nom")} {...form.getInputProps("nom")} />
          <TextInput label={t("network.mqttPrefix")} description={t("network.mqttPrefixHelp")} {...form.getInputProps("mqtt_prefix")} />
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
