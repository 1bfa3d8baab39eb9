import { Button, Group, Paper, Select, Stack, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api, api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";
import { call } from "../../lib/call";
import { ConfirmButton } from "../../lib/ConfirmButton";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { idOrUndefined, pageOf, pageQuery } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { StatusBadge } from "../../lib/StatusBadge";
import { refreshData } from "../../lib/refresh";

type Assignment = components["schemas"]["TechnicianStationAssignment"];
type Technician = components["schemas"]["Technician"];
const ROLES = ["referent", "intervenant", "observateur"] as const;

/** Who works on which station with which role: assign, change the role, end an assignment. */
export function AssignmentsCard({ technicians }: { technicians: Technician[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [problem, setProblem] = useState<unknown>(null);
  const assignments = $api.useQuery("get", "/api/admin/technician-assignments/", { params: { query: pageQuery({}, page) } });
  const form = useForm({
    initialValues: { technicien: null as string | null, station: null as string | null, role: "intervenant" as Assignment["role"] },
    validate: { technicien: (v) => (idOrUndefined(v) ? null : t("technicians.required")), station: (v) => (idOrUndefined(v) ? null : t("technicians.required")) },
  });
  const saved = () => {
    notifications.show({ color: "teal", message: t("technicians.saved") });
    return refreshData(queryClient);
  };
  const create = $api.useMutation("post", "/api/admin/technician-assignments/", {
    onSuccess: () => { form.reset(); void saved(); },
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });
  const patch = (a: Assignment, body: components["schemas"]["PatchedTechnicianStationAssignmentRequest"]) =>
    call(api.PATCH("/api/admin/technician-assignments/{id}/", { params: { path: { id: a.id_assignment } }, body })).then(saved);
  const changeRole = (a: Assignment, role: string | null) => {
    if (role) patch(a, { role: role as Assignment["role"] }).catch(setProblem);
  };
  const columns: Column<Assignment>[] = [
    { key: "technician", label: t("technicians.technician"), render: (a) => a.technicien_nom },
    { key: "station", label: t("shell.station"), render: (a) => a.station_nom },
    { key: "role", label: t("technicians.role"), render: (a) => (
      <Select size="xs" aria-label={`${t("technicians.role")} · ${a.technicien_nom} · ${a.station_nom}`} data={ROLES.map((r) => ({ value: r, label: t(`status.${r}`) }))} value={a.role ?? null} onChange={(v) => changeRole(a, v)} allowDeselect={false} w={170} />
    ) },
    { key: "active", label: t("technicians.active"), render: (a) => (a.is_active ? <StatusBadge value="active" /> : <StatusBadge value="inactive" />) },
    { key: "since", label: t("technicians.since"), render: (a) => formatDateTime(a.assigned_at, i18n.language) },
    { key: "actions", label: t("shell.actions"), render: (a) => (a.is_active ? (
      <ConfirmButton color="red" label={t("technicians.end")} title={t("technicians.endTitle", { name: a.technicien_nom, station: a.station_nom })} help={t("technicians.endHelp")} action={() => patch(a, { is_active: false })} />
    ) : (
      <Button size="xs" variant="light" onClick={() => void patch(a, { is_active: true }).catch(setProblem)}>{t("technicians.resume")}</Button>
    )) },
  ];
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">{t("technicians.assignments")}</Title>
        <ProblemAlert error={problem && typeof problem === "string" ? { detail: problem } : problem} />
        <form onSubmit={form.onSubmit((v) => { setProblem(null); create.mutate({ body: { technicien: idOrUndefined(v.technicien) ?? 0, station: idOrUndefined(v.station) ?? 0, role: v.role, is_active: true } }); })} noValidate>
          <Group align="end">
            <Select label={t("technicians.technician")} data={technicians.map((x) => ({ value: String(x.id_technicien), label: x.nom }))} searchable {...form.getInputProps("technicien")} />
            <StationSelect allowAll={false} value={form.values.station} onChange={(v) => form.setFieldValue("station", v)} error={form.errors.station as string | undefined} />
            <Select label={t("technicians.role")} data={ROLES.map((r) => ({ value: r, label: t(`status.${r}`) }))} allowDeselect={false} {...form.getInputProps("role")} />
            <Button type="submit" loading={create.isPending}>{t("technicians.assign")}</Button>
          </Group>
        </form>
        <QueryState query={assignments}>
          {(data) => {
            const { rows, count } = pageOf(data);
            return (
              <Stack>
                <ListTable caption={t("technicians.assignments")} columns={columns} rows={rows} rowKey={(a) => a.id_assignment} empty={t("technicians.noAssignments")} minWidth={860} />
                <Pager page={page} count={count} onChange={setPage} />
              </Stack>
            );
          }}
        </QueryState>
      </Stack>
    </Paper>
  );
}
