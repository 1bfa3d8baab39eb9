import { Button, Group, Stack } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { formatWindow } from "../../../shared/format/dates";
import { QueryState } from "../../../shared/ui/QueryState";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { idOrUndefined } from "../../lib/query";
import { StatusBadge } from "../../lib/StatusBadge";
import { ExportButton } from "./ExportButton";
import { FilterBar } from "./FilterBar";
import { ReservationDetail } from "./ReservationDetail";
import { useReservations } from "./useActivity";

type Reservation = components["schemas"]["Reservation"];
const SCOPES = ["upcoming", "archived"] as const;
const STATES = ["en_attente", "confirmee", "active", "terminee", "annulee"] as const;

export function ReservationsTab() {
  const { t, i18n } = useTranslation();
  const [scope, setScope] = useState<string>("upcoming");
  const [station, setStation] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q, 300);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Reservation | null>(null);
  const filters = { scope, station: idOrUndefined(station), state: state ?? undefined, q: search };
  const list = useReservations(filters, page);
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };
  const columns: Column<Reservation>[] = [
    { key: "ref", label: t("activity.reference"), render: (r) => r.reference_code },
    { key: "when", label: t("activity.start"), render: (r) => formatWindow(r.date_debut, r.date_fin, i18n.language) },
    { key: "user", label: t("activity.user"), render: (r) => r.utilisateur_pseudo },
    { key: "place", label: t("activity.place"), render: (r) => t("activity.placeOf", { station: r.station_nom, borne: r.borne_nom || r.borne_numero, bay: r.emplacement_numero }) },
    { key: "state", label: t("activity.state"), render: (r) => <StatusBadge value={r.statut} /> },
    { key: "open", label: t("shell.actions"), render: (r) => <Button size="xs" variant="light" onClick={() => setOpen(r)} aria-label={`${t("activity.open")} ${r.reference_code}`}>{t("activity.open")}</Button> },
  ];
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <FilterBar scopes={SCOPES} states={STATES} scope={scope} onScope={reset(setScope)} station={station} onStation={reset(setStation)} state={state} onState={reset(setState)} q={q} onQ={reset(setQ)} />
        <ExportButton kind="reservations" filters={filters} />
      </Group>
      <QueryState query={list}>
        {({ rows, count }) => (
          <Stack>
            <ListTable caption={t("activity.reservations")} columns={columns} rows={rows} rowKey={(r) => r.id_reservation} empty={t("activity.none")} minWidth={900} />
            <Pager page={page} count={count} onChange={setPage} />
          </Stack>
        )}
      </QueryState>
      {open && <ReservationDetail reservation={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
