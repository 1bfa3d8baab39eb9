import { Button, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { QueryState } from "../../../shared/ui/QueryState";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { pageOf } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { StatusBadge } from "../../lib/StatusBadge";
import { devicePlace, useDevicePages } from "../../lib/useDevicePages";
import { OtaForm, TargetForm } from "./OtaForm";

type Device = components["schemas"]["DeviceAdmin"];

export default function FirmwarePage() {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<{ device: Device; form: "ota" | "target" } | null>(null);
  const { station, chooseStation, page, setPage, devices } = useDevicePages(3_000);
  const place = (d: Device) => devicePlace(t, d);
  const columns: Column<Device>[] = [
    { key: "place", label: t("shell.place"), render: place },
    { key: "installed", label: t("firmware.installed"), render: (d) => d.firmware_version || "—" },
    { key: "target", label: t("firmware.target"), render: (d) => d.ota_target_version || d.effective_expected_firmware_version || "—" },
    { key: "state", label: t("firmware.updateStatus"), render: (d) => <StatusBadge value={d.firmware_update_status} /> },
    { key: "dates", label: t("firmware.requested"), render: (d) => (
      <Stack gap={0}>
        <Text size="sm">{formatDateTime(d.ota_requested_at, i18n.language)}</Text>
        {d.ota_completed_at && <Text size="xs" c="dimmed">{t("firmware.completed")} {formatDateTime(d.ota_completed_at, i18n.language)}</Text>}
        {d.ota_last_error && <Text size="xs" c="red.8">{d.ota_last_error}</Text>}
      </Stack>
    ) },
    { key: "actions", label: t("shell.actions"), render: (d) => d.type_device === "ESP32" && (
      <Group gap="xs" wrap="nowrap">
        <Button size="xs" onClick={() => setEditing({ device: d, form: "ota" })}>{t("firmware.schedule")}</Button>
        <Button size="xs" variant="light" onClick={() => setEditing({ device: d, form: "target" })}>{t("firmware.setTarget")}</Button>
      </Group>
    ) },
  ];
  return (
    <Stack>
      <Title order={1}>{t("firmware.title")}</Title>
      <Text size="sm" c="dimmed">{t("firmware.live")}</Text>
      <Group align="end">
        <StationSelect value={station} onChange={chooseStation} />
      </Group>
      <QueryState query={devices}>
        {(data) => {
          const { rows, count } = pageOf(data);
          return (
            <Stack>
              <ListTable caption={t("firmware.devices")} columns={columns} rows={rows} rowKey={(d) => d.id_device} empty={t("firmware.noDevices")} minWidth={960} />
              <Pager page={page} count={count} onChange={setPage} />
            </Stack>
          );
        }}
      </QueryState>
      {editing?.form === "ota" && <OtaForm device={editing.device} place={place(editing.device)} onClose={() => setEditing(null)} />}
      {editing?.form === "target" && <TargetForm device={editing.device} place={place(editing.device)} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
