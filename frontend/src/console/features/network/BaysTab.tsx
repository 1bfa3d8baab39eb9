import { Button, Group, Select, Stack } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api, api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { QueryState } from "../../../shared/ui/QueryState";
import { call } from "../../lib/call";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { idOrUndefined, pageOf, pageQuery } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { StatusBadge } from "../../lib/StatusBadge";
import { BayForm } from "./BayForm";
import { DeleteAction } from "./DeleteAction";
import { refreshData } from "../../lib/refresh";

type Emplacement = components["schemas"]["Emplacement"];

export function BaysTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [station, setStation] = useState<string | null>(null);
  const [borne, setBorne] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Emplacement | "new" | null>(null);
  const bornes = $api.useQuery("get", "/api/admin/bornes/", { params: { query: { station: idOrUndefined(station) } } });
  const bays = $api.useQuery("get", "/api/admin/emplacements/", { params: { query: pageQuery({ station: idOrUndefined(station), borne: idOrUndefined(borne) }, page) } });
  const refresh = () => refreshData(queryClient);
  const columns: Column<Emplacement>[] = [
    { key: "station", label: t("shell.station"), render: (e) => e.station_nom },
    { key: "borne", label: t("network.cabinet"), render: (e) => e.borne_nom || e.borne_numero },
    { key: "numero", label: t("network.numero"), render: (e) => e.numero },
    { key: "statut", label: t("network.statut"), render: (e) => <StatusBadge value={e.statut} /> },
    { key: "lock", label: t("network.lock"), render: (e) => <StatusBadge value={e.lock_state} /> },
    {
      key: "actions", label: t("shell.actions"), render: (e) => (
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="light" onClick={() => setEditing(e)}>{t("network.edit")}</Button>
          <DeleteAction
            name={`${e.borne_nom || e.borne_numero} · ${e.numero}`}
            deactivateLabel={t("network.deactivateBay")}
            remove={() => call(api.DELETE("/api/admin/emplacements/{id}/", { params: { path: { id: e.id_emplacement } } })).then(refresh)}
            deactivate={() => call(api.PATCH("/api/admin/emplacements/{id}/", { params: { path: { id: e.id_emplacement } }, body: { statut: "maintenance" } })).then(refresh)}
          />
        </Group>
      ),
    },
  ];
  const cabinetOptions = listOf(bornes.data ?? []).map((b) => ({ value: String(b.id_borne), label: `${b.station_nom} · ${b.nom || b.numero}` }));
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Group align="end">
          <StationSelect value={station} onChange={(v) => { setStation(v); setBorne(null); setPage(1); }} />
          <Select label={t("network.cabinet")} data={cabinetOptions} value={borne} onChange={(v) => { setBorne(v); setPage(1); }} clearable placeholder={t("shell.all")} searchable />
        </Group>
        <Button onClick={() => setEditing("new")}>{t("network.newBay")}</Button>
      </Group>
      <QueryState query={bays}>
        {(data) => {
          const { rows, count } = pageOf(data);
          return (
            <Stack>
              <ListTable caption={t("network.bays")} columns={columns} rows={rows} rowKey={(e) => e.id_emplacement} empty={t("network.noBays")} />
              <Pager page={page} count={count} onChange={setPage} />
            </Stack>
          );
        }}
      </QueryState>
      {editing && <BayForm bay={editing === "new" ? undefined : editing} borne={idOrUndefined(borne)} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
