import { Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { QueryState } from "../../../shared/ui/QueryState";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { pageOf, pageQuery } from "../../lib/query";
import { StatusBadge } from "../../lib/StatusBadge";

type Entry = components["schemas"]["SecurityJournalEntry"];
const PREFIXES = ["auth.", "admin.", "badge."] as const;

function details(value: unknown): string {
  if (!value || typeof value !== "object") return "";
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(" · ");
}

/** The user's security journal: their sign-ins and the staff's actions on their account and badges. */
export function JournalCard({ userId }: { userId: number }) {
  const { t, i18n } = useTranslation();
  const [action, setAction] = useState<string | null>(null);
  const [statut, setStatut] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const query = pageQuery({ action: action ?? undefined, statut: statut ?? undefined }, page) as { page: number; page_size: number; action?: string; statut?: Entry["statut"] };
  const journal = $api.useQuery("get", "/api/admin/users/{id_user}/journal/", { params: { path: { id_user: userId }, query } });
  const columns: Column<Entry>[] = [
    { key: "when", label: t("users.when"), render: (e) => formatDateTime(e.date_action, i18n.language) },
    { key: "event", label: t("users.event"), render: (e) => (
      <Stack gap={0}>
        <Text size="sm" ff="monospace">{e.action}</Text>
        {e.actor_pseudo && <Text size="xs" c="dimmed">{t("users.by", { pseudo: e.actor_pseudo })}</Text>}
      </Stack>
    ) },
    { key: "statut", label: t("users.outcome"), render: (e) => <StatusBadge value={e.statut} /> },
    { key: "ip", label: t("users.ip"), render: (e) => e.ip ?? "—" },
    { key: "details", label: t("users.details"), render: (e) => <Text size="xs">{details(e.details)}</Text> },
  ];
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">{t("users.journal")}</Title>
        <Group align="end">
          <Select label={t("users.event")} data={PREFIXES.map((p) => ({ value: p, label: t(`users.prefix.${p.slice(0, -1)}`) }))} value={action} onChange={(v) => { setAction(v); setPage(1); }} clearable placeholder={t("shell.all")} />
          <Select label={t("users.outcome")} data={["success", "failure"].map((s) => ({ value: s, label: t(`status.${s}`) }))} value={statut} onChange={(v) => { setStatut(v); setPage(1); }} clearable placeholder={t("shell.all")} />
        </Group>
        <QueryState query={journal}>
          {(data) => {
            const { rows, count } = pageOf(data);
            return (
              <Stack>
                <ListTable caption={t("users.journal")} columns={columns} rows={rows} rowKey={(e) => e.id_log} empty={t("users.noJournal")} minWidth={820} />
                <Pager page={page} count={count} onChange={setPage} />
              </Stack>
            );
          }}
        </QueryState>
      </Stack>
    </Paper>
  );
}
