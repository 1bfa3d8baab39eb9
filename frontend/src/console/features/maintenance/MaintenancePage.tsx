import { Button, Group, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api, api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";
import { useActor } from "../../lib/actor";
import { call } from "../../lib/call";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { canAdminister } from "../../lib/permissions";
import { idOrUndefined, pageOf, pageQuery } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { StatusBadge } from "../../lib/StatusBadge";
import { MaintenanceForm } from "./MaintenanceForm";
import { MAINTENANCE_STATUSES, nextStatuses, type MaintenanceStatus } from "./transitions";
import { refreshData } from "../../lib/refresh";

type Row = components["schemas"]["MaintenanceAdmin"] | components["schemas"]["TechnicianMaintenance"];
interface ListQuery { data: Row[] | { results: Row[]; count: number } | undefined; error: unknown; isPending: boolean; refetch: () => unknown }

export default function MaintenancePage() {
  const { t, i18n } = useTranslation();
  const actor = useActor();
  const admin = canAdminister(actor);
  const queryClient = useQueryClient();
  const [station, setStation] = useState<string | null>(null);
  const [statut, setStatut] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [planning, setPlanning] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const query = pageQuery({ station: idOrUndefined(station), statut: statut ?? undefined }, page);
  const staffList = $api.useQuery("get", "/api/admin/maintenances/", { params: { query } }, { enabled: admin });
  const ownList = $api.useQuery("get", "/api/technician/maintenances/", { params: { query: pageQuery({ statut: statut ?? undefined }, page) } }, { enabled: !admin });
  // Staff read every intervention, a technician their own (read only): both lists show the same columns.
  const list: ListQuery = admin ? staffList : ownList;
  const move = (row: Row, status: MaintenanceStatus) => {
    setProblem(null);
    call(api.PATCH("/api/admin/maintenances/{id}/", { params: { path: { id: row.id_maintenance } }, body: { status } }))
      .then(() => {
        notifications.show({ color: "teal", message: t("maintenance.moved") });
        return refreshData(queryClient);
      })
      .catch(setProblem);
  };
  const columns: Column<Row>[] = [
    { key: "planned", label: t("maintenance.planned"), render: (m) => formatDateTime(m.date_planifiee, i18n.language) },
    { key: "station", label: t("shell.station"), render: (m) => m.station_nom },
    { key: "type", label: t("maintenance.type"), render: (m) => (
      <Stack gap={0}>
        <Text size="sm">{m.type}</Text>
        {m.description && <Text size="xs" c="dimmed">{m.description}</Text>}
      </Stack>
    ) },
    { key: "technician", label: t("maintenance.technician"), render: (m) => ("technicien_nom" in m ? m.technicien_nom : null) ?? (m.technicien ? "" : t("maintenance.unassigned")) },
    { key: "status", label: t("maintenance.status"), render: (m) => <StatusBadge value={m.status} /> },
    { key: "done", label: t("maintenance.done"), render: (m) => formatDateTime(m.date_realisee, i18n.language) },
    ...(admin ? [{ key: "actions", label: t("shell.actions"), render: (m: Row) => nextStatuses(m.status).length > 0 && (
      <Select size="xs" w={170} aria-label={t("maintenance.moveLabel", { type: m.type, station: m.station_nom })} placeholder={t("maintenance.move")} value={null}
        data={nextStatuses(m.status).map((s) => ({ value: s, label: t(`status.${s}`) }))} onChange={(v) => v && move(m, v as MaintenanceStatus)} />
    ) }] : []),
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("maintenance.title")}</Title>
        {admin && <Button onClick={() => setPlanning(true)}>{t("maintenance.plan")}</Button>}
      </Group>
      <Group align="end">
        {admin && <StationSelect value={station} onChange={(v) => { setStation(v); setPage(1); }} />}
        <Select label={t("maintenance.status")} data={MAINTENANCE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={statut} onChange={(v) => { setStatut(v); setPage(1); }} clearable placeholder={t("shell.all")} />
      </Group>
      <ProblemAlert error={problem} />
      <QueryState query={list}>
        {(data) => {
          const { rows, count } = pageOf(data);
          return (
            <Stack>
              <ListTable caption={t(admin ? "maintenance.list" : "maintenance.mine")} columns={columns} rows={rows} rowKey={(m) => m.id_maintenance} empty={t("maintenance.none")} minWidth={900} />
              <Pager page={page} count={count} onChange={setPage} />
            </Stack>
          );
        }}
      </QueryState>
      {planning && <MaintenanceForm onClose={() => setPlanning(false)} />}
    </Stack>
  );
}
