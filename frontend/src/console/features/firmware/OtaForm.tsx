import { TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { FormModal, useSaveCallbacks } from "../../lib/FormModal";

type Device = components["schemas"]["DeviceAdmin"];
export const SHA256 = /^[0-9a-fA-F]{64}$/;

/** Schedule an OTA of one device: the version, the file's URL and its SHA-256. */
export function OtaForm({ device, place, onClose }: { device: Device; place: string; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { ota_target_version: device.effective_expected_firmware_version || "", ota_update_url: "", sha256: "" },
    validate: {
      ota_target_version: (v) => (v.trim() ? null : t("firmware.required")),
      ota_update_url: (v) => (v.trim() ? null : t("firmware.required")),
      sha256: (v) => (SHA256.test(v.trim()) ? null : t("firmware.sha256Invalid")),
    },
  });
  const { problem, clearProblem, callbacks } = useSaveCallbacks(form, onClose, t("firmware.scheduled"));
  const schedule = $api.useMutation("post", "/api/admin/devices/{id}/schedule-ota/", callbacks);
  const submit = form.onSubmit((values) => {
    clearProblem();
    schedule.mutate({ params: { path: { id: device.id_device } }, body: { ota_target_version: values.ota_target_version.trim(), ota_update_url: values.ota_update_url.trim(), sha256: values.sha256.trim() } });
  });
  return (
    <FormModal title={t("firmware.scheduleTitle", { place })} onClose={onClose} onSubmit={submit} problem={problem} saving={schedule.isPending} submitLabel={t("firmware.schedule")} size="lg">
      <TextInput label={t("firmware.version")} required data-autofocus {...form.getInputProps("ota_target_version")} />
      <TextInput label={t("firmware.url")} type="url" required {...form.getInputProps("ota_update_url")} />
      <TextInput label={t("firmware.sha256")} description={t("firmware.sha256Help")} required ff="monospace" {...form.getInputProps("sha256")} />
    </FormModal>
  );
}

/** Set the firmware version one device must run (its target; empty for the network's default). */
export function TargetForm({ device, place, onClose }: { device: Device; place: string; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { expected_firmware_version: device.expected_firmware_version ?? "" } });
  const { problem, clearProblem, callbacks } = useSaveCallbacks(form, onClose, t("firmware.saved"));
  const save = $api.useMutation("patch", "/api/admin/devices/{id}/", callbacks);
  const submit = form.onSubmit((values) => {
    clearProblem();
    save.mutate({ params: { path: { id: device.id_device } }, body: { expected_firmware_version: values.expected_firmware_version.trim() } });
  });
  return (
    <FormModal title={t("firmware.setTargetTitle", { place })} onClose={onClose} onSubmit={submit} problem={problem} saving={save.isPending}>
      <TextInput label={t("firmware.version")} description={t("firmware.targetHelp")} data-autofocus {...form.getInputProps("expected_firmware_version")} />
    </FormModal>
  );
}
