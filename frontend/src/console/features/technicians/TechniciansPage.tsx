import { Button, Group, Paper, Stack, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { QueryState } from "../../../shared/ui/QueryState";
import { ListTable, type Column } from "../../lib/ListTable";
import { AssignmentsCard } from "./AssignmentsCard";
import { TechnicianForm } from "./TechnicianForm";

type Technician = components["schemas"]["Technician"];

export default function TechniciansPage() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Technician | "new" | null>(null);
  const technicians = $api.useQuery("get", "/api/admin/technicians/");
  const columns: Column<Technician>[] = [
    { key: "nom", label: t("technicians.nom"), render: (x) => x.nom },
    { key: "account", label: t("technicians.account"), render: (x) => x.utilisateur_pseudo ?? "—" },
    { key: "email", label: t("technicians.email"), render: (x) => x.email },
    { key: "phone", label: t("technicians.phone"), render: (x) => x.telephone },
    { key: "stations", label: t("technicians.stations"), render: (x) => x.assigned_stations.map((s) => `${s.station_nom} (${t(`status.${s.role}`)})`).join(", ") || "—" },
    { key: "actions", label: t("shell.actions"), render: (x) => <Button size="xs" variant="light" onClick={() => setEditing(x)}>{t("technicians.edit")}</Button> },
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("technicians.title")}</Title>
        <Button onClick={() => setEditing("new")}>{t("technicians.newTechnician")}</Button>
      </Group>
      <QueryState query={technicians}>
        {(data) => (
          <Stack>
            <Paper withBorder p="md">
              <ListTable caption={t("technicians.list")} columns={columns} rows={listOf(data)} rowKey={(x) => x.id_technicien} empty={t("technicians.none")} />
            </Paper>
            <AssignmentsCard technicians={listOf(data)} />
          </Stack>
        )}
      </QueryState>
      {editing && <TechnicianForm technician={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
