import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { listOf } from "../../../shared/api/pages";
import { parisToday, parisToIso } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { idOrUndefined } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { refreshData } from "../../lib/refresh";

/** Plan an intervention at a station, for a technician or not yet assigned; the date is Paris time. */
export function MaintenanceForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const technicians = $api.useQuery("get", "/api/admin/technicians/");
  const form = useForm({
    initialValues: { station: null as string | null, technicien: null as string | null, type: "", description: "", date: parisToday() as string | null, time: "09:00" },
    validate: {
      station: (v) => (idOrUndefined(v) ? null : t("maintenance.required")),
      type: (v) => (v.trim() ? null : t("maintenance.required")),
      date: (v) => (v ? null : t("maintenance.required")),
      time: (v) => (/^\d{2}:\d{2}/.test(v) ? null : t("maintenance.required")),
    },
  });
  const create = $api.useMutation("post", "/api/admin/maintenances/", {
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("maintenance.saved") });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error) => setProblem(applyApiErrors(form, error, { date_planifiee: "date" })),
  });
  const submit = form.onSubmit((v) => {
    setProblem(null);
    create.mutate({ body: {
      station: idOrUndefined(v.station) ?? 0, technicien: idOrUndefined(v.technicien) ?? null, type: v.type.trim(), description: v.description,
      status: "planifiee", date_planifiee: parisToIso(v.date ?? parisToday(), v.time.slice(0, 5)),
    } });
  });
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t("maintenance.planTitle")}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <StationSelect allowAll={false} value={form.values.station} onChange={(v) => form.setFieldValue("station", v)} error={form.errors.station as string | undefined} />
          <Select label={t("maintenance.technician")} data={listOf(technicians.data ?? []).map((x) => ({ value: String(x.id_technicien), label: x.nom }))} clearable placeholder={t("maintenance.unassigned")} {...form.getInputProps("technicien")} />
          <TextInput label={t("maintenance.type")} required {...form.getInputProps("type")} />
          <Textarea label={t("maintenance.description")} autosize minRows={2} {...form.getInputProps("description")} />
          <Group grow>
            <DatePickerInput label={t("maintenance.date")} valueFormat="DD/MM/YYYY" {...form.getInputProps("date")} />
            <TimeInput label={t("maintenance.time")} {...form.getInputProps("time")} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" loading={create.isPending}>{t("maintenance.plan")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
