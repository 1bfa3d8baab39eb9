import { Group, Select, Textarea, TextInput } from "@mantine/core";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import { parisToday, parisToIso } from "../../../shared/format/dates";
import { FormModal, useSaveCallbacks } from "../../lib/FormModal";
import { idOrUndefined } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";

/** Plan an intervention at a station, for a technician or not yet assigned; the date is Paris time. */
export function MaintenanceForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
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
  const { problem, clearProblem, callbacks } = useSaveCallbacks(form, onClose, t("maintenance.saved"), { date_planifiee: "date" });
  const create = $api.useMutation("post", "/api/admin/maintenances/", callbacks);
  const submit = form.onSubmit((v) => {
    clearProblem();
    create.mutate({ body: {
      station: idOrUndefined(v.station) ?? 0, technicien: idOrUndefined(v.technicien) ?? null, type: v.type.trim(), description: v.description,
      status: "planifiee", date_planifiee: parisToIso(v.date ?? parisToday(), v.time.slice(0, 5)),
    } });
  });
  return (
    <FormModal title={t("maintenance.planTitle")} onClose={onClose} onSubmit={submit} problem={problem} saving={create.isPending} submitLabel={t("maintenance.plan")}>
      <StationSelect allowAll={false} value={form.values.station} onChange={(v) => form.setFieldValue("station", v)} error={form.errors.station as string | undefined} />
      <Select label={t("maintenance.technician")} data={listOf(technicians.data ?? []).map((x) => ({ value: String(x.id_technicien), label: x.nom }))} clearable placeholder={t("maintenance.unassigned")} {...form.getInputProps("technicien")} />
      <TextInput label={t("maintenance.type")} required {...form.getInputProps("type")} />
      <Textarea label={t("maintenance.description")} autosize minRows={2} {...form.getInputProps("description")} />
      <Group grow>
        <DatePickerInput label={t("maintenance.date")} valueFormat="DD/MM/YYYY" {...form.getInputProps("date")} />
        <TimeInput label={t("maintenance.time")} {...form.getInputProps("time")} />
      </Group>
    </FormModal>
  );
}
