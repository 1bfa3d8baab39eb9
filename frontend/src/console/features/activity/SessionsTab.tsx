import { Button, Group, Stack } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { QueryState } from "../../../shared/ui/QueryState";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { idOrUndefined } from "../../lib/query";
import { StatusBadge } from "../../lib/StatusBadge";
import { ExportButton } from "./ExportButton";
import { FilterBar } from "./FilterBar";
import { SessionDetail } from "./SessionDetail";
import { useSessions } from "./useActivity";

type Session = components["schemas"]["AdminSession"];
const SCOPES = ["active", "archived"] as const;
const STATES = ["access_validated", "waiting_plug", "charging", "stopping", "stopped", "error"] as const;

export function SessionsTab() {
  const { t, i18n } = useTranslation();
  const [scope, setScope] = useState<string>("archived");
  const [station, setStation] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q, 300);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Session | null>(null);
  const filters = { scope, station: idOrUndefined(station), state: state ?? undefined, q: search };
  const list = useSessions(filters, page);
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };
  const columns: Column<Session>[] = [
    { key: "ref", label: t("activity.reference"), render: (s) => s.reference_code },
    { key: "station", label: t("shell.station"), render: (s) => s.station_nom },
    { key: "start", label: t("activity.start"), render: (s) => formatDateTime(s.start_time, i18n.language) },
    { key: "end", label: t("activity.end"), render: (s) => formatDateTime(s.end_time, i18n.language) },
    { key: "energy", label: t("activity.energy"), render: (s) => (s.energie_kwh === null ? "—" : t("activity.kwh", { value: s.energie_kwh.toLocaleString(i18n.language, { maximumFractionDigits: 3 }) })) },
    { key: "state", label: t("activity.state"), render: (s) => <StatusBadge value={s.charge_state} /> },
    { key: "open", label: t("shell.actions"), render: (s) => <Button size="xs" variant="light" onClick={() => setOpen(s)} aria-label={`${t("activity.open")} ${s.reference_code}`}>{t("activity.open")}</Button> },
  ];
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <FilterBar scopes={SCOPES} states={STATES} scope={scope} onScope={reset(setScope)} station={station} onStation={reset(setStation)} state={state} onState={reset(setState)} q={q} onQ={reset(setQ)} />
        <ExportButton kind="sessions" filters={filters} />
      </Group>
      <QueryState query={list}>
        {({ rows, count }) => (
          <Stack>
            <ListTable caption={t("activity.sessions")} columns={columns} rows={rows} rowKey={(s) => s.id_session} empty={t("activity.none")} minWidth={900} />
            <Pager page={page} count={count} onChange={setPage} />
          </Stack>
        )}
      </QueryState>
      {open && <SessionDetail session={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
