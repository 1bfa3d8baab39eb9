import { Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { QueryState } from "../../../shared/ui/QueryState";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { StatusBadge } from "../../lib/StatusBadge";
import { AlertActions } from "./AlertActions";
import { useSupervision, type SupervisionFilters } from "./useSupervision";

type Alerte = components["schemas"]["Alerte"];
type Device = components["schemas"]["SupervisionDevice"];
type Sensor = components["schemas"]["SensorReading"];

function useList<T>(scope: "alerts" | "devices" | "sensors", filters: SupervisionFilters) {
  const [page, setPage] = useState(1);
  const query = useSupervision<T>(scope, filters, page);
  return { query, page, setPage };
}

export function AlertsList({ filters }: { filters: SupervisionFilters }) {
  const { t, i18n } = useTranslation();
  const { query, page, setPage } = useList<Alerte>("alerts", filters);
  const columns: Column<Alerte>[] = [
    { key: "severity", label: t("supervision.severity"), render: (a) => <StatusBadge value={a.niveau_severite} /> },
    { key: "status", label: t("supervision.status"), render: (a) => <StatusBadge value={a.status} /> },
    { key: "message", label: t("supervision.message"), render: (a) => (
      <Stack gap={0}>
        <Text size="sm">{a.message}</Text>
        <Text size="xs" c="dimmed">{a.type} · {t("supervision.occurrences", { count: a.occurrence_count })}</Text>
        {a.acknowledged_by_nom && <Text size="xs" c="dimmed">{t("supervision.takenBy", { name: a.acknowledged_by_nom })}</Text>}
        {a.resolved_by_nom && <Text size="xs" c="dimmed">{t("supervision.resolvedBy", { name: a.resolved_by_nom, note: a.resolution_note })}</Text>}
      </Stack>
    ) },
    { key: "place", label: t("supervision.place"), render: (a) => `${a.station_nom ?? ""}${a.emplacement_numero ? ` · ${t("supervision.bay", { bay: a.emplacement_numero })}` : ""}` },
    { key: "seen", label: t("supervision.lastSeen"), render: (a) => formatDateTime(a.last_seen, i18n.language) },
    { key: "actions", label: t("shell.actions"), render: (a) => <AlertActions alert={a} /> },
  ];
  return (
    <QueryState query={query}>
      {({ rows, count }) => (
        <Stack>
          <ListTable caption={t("supervision.alerts")} columns={columns} rows={rows} rowKey={(a) => a.id_alerte} empty={t("supervision.noAlerts")} minWidth={900} />
          <Pager page={page} count={count} onChange={setPage} />
        </Stack>
      )}
    </QueryState>
  );
}

export function DevicesList({ filters }: { filters: SupervisionFilters }) {
  const { t, i18n } = useTranslation();
  const { query, page, setPage } = useList<Device>("devices", filters);
  const columns: Column<Device>[] = [
    { key: "place", label: t("supervision.place"), render: (d) => (
      <Stack gap={0}>
        <Text size="sm">{d.station_nom}</Text>
        <Text size="xs" c="dimmed">{t("supervision.bayOf", { borne: d.borne_numero, bay: d.emplacement_numero })}</Text>
      </Stack>
    ) },
    { key: "status", label: t("supervision.status"), render: (d) => <StatusBadge value={d.status} /> },
    { key: "lock", label: t("supervision.lock"), render: (d) => <StatusBadge value={d.lock_state} /> },
    { key: "firmware", label: t("supervision.firmware"), render: (d) => <>{d.firmware_version || "—"} <StatusBadge value={d.firmware_update_status} /></> },
    { key: "alerts", label: t("supervision.openAlertCount"), render: (d) => d.open_alert_count },
    { key: "seen", label: t("supervision.lastSeen"), render: (d) => formatDateTime(d.last_seen, i18n.language) },
  ];
  return (
    <QueryState query={query}>
      {({ rows, count }) => (
        <Stack>
          <ListTable caption={t("supervision.devices")} columns={columns} rows={rows} rowKey={(d) => d.id_device} empty={t("supervision.noDevices")} />
          <Pager page={page} count={count} onChange={setPage} />
        </Stack>
      )}
    </QueryState>
  );
}

export function SensorsList({ filters }: { filters: SupervisionFilters }) {
  const { t, i18n } = useTranslation();
  const { query, page, setPage } = useList<Sensor>("sensors", filters);
  const columns: Column<Sensor>[] = [
    { key: "place", label: t("supervision.place"), render: (s) => s.station_nom },
    { key: "sensor", label: t("supervision.sensor"), render: (s) => s.type },
    { key: "value", label: t("supervision.value"), render: (s) => (s.valeur === null || s.valeur === undefined ? "—" : `${s.valeur} ${s.unite}`) },
    { key: "seen", label: t("supervision.lastSeen"), render: (s) => formatDateTime(s.timestamp, i18n.language) },
  ];
  return (
    <QueryState query={query}>
      {({ rows, count }) => (
        <Stack>
          <ListTable caption={t("supervision.sensors")} columns={columns} rows={rows} rowKey={(s) => s.id_capteur} empty={t("supervision.noSensors")} minWidth={560} />
          <Pager page={page} count={count} onChange={setPage} />
        </Stack>
      )}
    </QueryState>
  );
}
