import { Button, Group, Stack } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api, api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { QueryState } from "../../../shared/ui/QueryState";
import { call } from "../../lib/call";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { idOrUndefined, pageOf, pageQuery } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { StatusBadge } from "../../lib/StatusBadge";
import { CabinetForm } from "./CabinetForm";
import { DeleteAction } from "./DeleteAction";
import { KioskKeyActions } from "./KioskKeyActions";
import { OcppActions } from "./OcppActions";
import { refreshData } from "../../lib/refresh";

type Borne = components["schemas"]["Borne"];

export function CabinetsTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [station, setStation] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Borne | "new" | null>(null);
  const bornes = $api.useQuery("get", "/api/admin/bornes/", { params: { query: pageQuery({ station: idOrUndefined(station) }, page) } });
  const refresh = () => refreshData(queryClient);
  const columns: Column<Borne>[] = [
    { key: "station", label: t("shell.station"), render: (b) => b.station_nom },
    { key: "numero", label: t("network.numero"), render: (b) => b.numero },
    { key: "nom", label: t("network.nom"), render: (b) => b.nom },
    { key: "prefix", label: t("network.mqttPrefix"), render: (b) => b.mqtt_prefix },
    { key: "bays", label: t("network.bayCount"), render: (b) => b.emplacements_count },
    { key: "statut", label: t("network.statut"), render: (b) => <StatusBadge value={b.statut} /> },
    {
      key: "actions", label: t("shell.actions"), render: (b) => (
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="light" onClick={() => setEditing(b)}>{t("network.edit")}</Button>
          <KioskKeyActions borne={b} />
          <OcppActions borne={b} />
          <DeleteAction
            name={b.nom || String(b.numero)}
            remove={() => call(api.DELETE("/api/admin/bornes/{id}/", { params: { path: { id: b.id_borne } } })).then(refresh)}
            deactivate={() => call(api.PATCH("/api/admin/bornes/{id}/", { params: { path: { id: b.id_borne } }, body: { statut: "inactive" } })).then(refresh)}
          />
        </Group>
      ),
    },
  ];
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <StationSelect value={station} onChange={(v) => { setStation(v); setPage(1); }} />
        <Button onClick={() => setEditing("new")}>{t("network.newCabinet")}</Button>
      </Group>
      <QueryState query={bornes}>
        {(data) => {
          const { rows, count } = pageOf(data);
          return (
            <Stack>
              <ListTable caption={t("network.cabinets")} columns={columns} rows={rows} rowKey={(b) => b.id_borne} empty={t("network.noCabinets")} minWidth={900} />
              <Pager page={page} count={count} onChange={setPage} />
            </Stack>
          );
        }}
      </QueryState>
      {editing && <CabinetForm borne={editing === "new" ? undefined : editing} station={idOrUndefined(station)} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
