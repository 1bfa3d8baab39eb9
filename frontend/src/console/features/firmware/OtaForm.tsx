import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
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

type Device = components["schemas"]["DeviceAdmin"];
export const SHA256 = /^[0-9a-fA-F]{64}$/;

/** Schedule an OTA of one device: the version, the file's URL and its SHA-256. */
export function OtaForm({ device, place, onClose }: { device: Device; place: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: { ota_target_version: device.effective_expected_firmware_version || "", ota_update_url: "", sha256: "" },
    validate: {
      ota_target_version: (v) => (v.trim() ? null : t("firmware.required")),
      ota_update_url: (v) => (v.trim() ? null : t("firmware.required")),
      sha256: (v) => (SHA256.test(v.trim()) ? null : t("firmware.sha256Invalid")),
    },
  });
  const schedule = $api.useMutation("post", "/api/admin/devices/{id}/schedule-ota/", {
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("firmware.scheduled") });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });
  const submit = form.onSubmit((values) => {
    setProblem(null);
    schedule.mutate({ params: { path: { id: device.id_device } }, body: { ota_target_version: values.ota_target_version.trim(), ota_update_url: values.ota_update_url.trim(), sha256: values.sha256.trim() } });
  });
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t("firmware.scheduleTitle", { place })} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <TextInput label={t("firmware.version")} required data-autofocus {...form.getInputProps("ota_target_version")} />
          <TextInput label={t("firmware.url")} type="url" required {...form.getInputProps("ota_update_url")} />
          <TextInput label={t("firmware.sha256")} description={t("firmware.sha256Help")} required ff="monospace" {...form.getInputProps("sha256")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" loading={schedule.isPending}>{t("firmware.schedule")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Set the firmware version one device must run (its target; empty for the network's default). */
export function TargetForm({ device, place, onClose }: { device: Device; place: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ initialValues: { expected_firmware_version: device.expected_firmware_version ?? "" } });
  const save = $api.useMutation("patch", "/api/admin/devices/{id}/", {
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("firmware.saved") });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t("firmware.setTargetTitle", { place })}>
      <form onSubmit={form.onSubmit((body) => save.mutate({ params: { path: { id: device.id_device } }, body: { expected_firmware_version: body.expected_firmware_version.trim() } }))} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <TextInput label={t("firmware.version")} description={t("firmware.targetHelp")} data-autofocus {...form.getInputProps("expected_firmware_version")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" loading={save.isPending}>{t("common.save")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
