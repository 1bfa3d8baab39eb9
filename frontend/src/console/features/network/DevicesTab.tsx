import { Group, Stack, Text } from "@mantine/core";
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

type Device = components["schemas"]["DeviceAdmin"];

/** The bays' devices as their last messages left them (refreshed while visible: a new cabinet's come online). */
export function DevicesTab() {
  const { t, i18n } = useTranslation();
  const { station, chooseStation, page, setPage, devices } = useDevicePages(5_000);
  const columns: Column<Device>[] = [
    { key: "place", label: t("shell.place"), render: (d) => devicePlace(t, d) },
    { key: "type", label: t("network.type"), render: (d) => d.type_device },
    { key: "status", label: t("network.statut"), render: (d) => <StatusBadge value={d.status} /> },
    { key: "mac", label: t("network.mac"), render: (d) => <Text size="xs" ff="monospace">{d.mac_address || "—"}</Text> },
    { key: "ip", label: t("network.ip"), render: (d) => d.ip_address ?? "—" },
    { key: "firmware", label: t("network.firmware"), render: (d) => d.firmware_version || "—" },
    { key: "seen", label: t("network.lastSeen"), render: (d) => formatDateTime(d.last_seen, i18n.language) },
  ];
  return (
    <Stack>
      <Group align="end">
        <StationSelect value={station} onChange={chooseStation} />
      </Group>
      <QueryState query={devices}>
        {(data) => {
          const { rows, count } = pageOf(data);
          return (
            <Stack>
              <ListTable caption={t("network.devices")} columns={columns} rows={rows} rowKey={(d) => d.id_device} empty={t("network.noDevices")} minWidth={900} />
              <Pager page={page} count={count} onChange={setPage} />
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
