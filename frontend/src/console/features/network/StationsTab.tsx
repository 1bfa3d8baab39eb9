import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { $api, api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { QueryState } from "../../../shared/ui/QueryState";
import { useActor } from "../../lib/actor";
import { call } from "../../lib/call";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { canAdminister } from "../../lib/permissions";
import { pageOf, pageQuery } from "../../lib/query";
import { StatusBadge } from "../../lib/StatusBadge";
import { DeleteAction } from "./DeleteAction";
import { StationForm } from "./StationForm";
import { refreshData } from "../../lib/refresh";

const NetworkMap = lazy(() => import("./NetworkMap"));
type Station = components["schemas"]["Station"];

export function StationsTab() {
  const { t } = useTranslation();
  const actor = useActor();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q, 300);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Station | "new" | null>(null);
  const stations = $api.useQuery("get", "/api/admin/stations/", { params: { query: pageQuery({ q: search }, page) } });
  const refresh = () => refreshData(queryClient);
  const columns: Column<Station>[] = [
    { key: "nom", label: t("network.nom"), render: (s) => s.nom },
    { key: "address", label: t("network.address"), render: (s) => s.localisation_text },
    { key: "statut", label: t("network.statut"), render: (s) => <StatusBadge value={s.statut} /> },
    {
      key: "actions", label: t("shell.actions"), render: (s) => canAdminister(actor) && (
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="light" onClick={() => setEditing(s)}>{t("network.edit")}</Button>
          <DeleteAction
            name={s.nom}
            remove={() => call(api.DELETE("/api/admin/stations/{id}/", { params: { path: { id: s.id_station } } })).then(refresh)}
            deactivate={() => call(api.PATCH("/api/admin/stations/{id}/", { params: { path: { id: s.id_station } }, body: { statut: "inactive" } })).then(refresh)}
          />
        </Group>
      ),
    },
  ];
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <TextInput label={t("network.search")} value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} />
        {canAdminister(actor) && <Button onClick={() => setEditing("new")}>{t("network.newStation")}</Button>}
      </Group>
      <QueryState query={stations}>
        {(data) => {
          const { rows, count } = pageOf(data);
          return (
            <Stack>
              <Suspense fallback={null}>
                <NetworkMap stations={rows} />
              </Suspense>
              <ListTable caption={t("network.stations")} columns={columns} rows={rows} rowKey={(s) => s.id_station} empty={t("network.noStations")} />
              <Pager page={page} count={count} onChange={setPage} />
            </Stack>
          );
        }}
      </QueryState>
      {editing && <StationForm station={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
