import { Anchor, Checkbox, Group, Select, Stack, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { QueryState } from "../../../shared/ui/QueryState";
import { ListTable, type Column } from "../../lib/ListTable";
import { Pager } from "../../lib/Pager";
import { pageOf, pageQuery } from "../../lib/query";
import { StatusBadge } from "../../lib/StatusBadge";

type User = components["schemas"]["AdminUser"];
const STATUSES = ["actif", "suspendu", "archive"] as const;

export function roleOf(user: User): "staff" | "technician" | "driver" {
  if (user.is_staff) return "staff";
  return user.is_technician ? "technician" : "driver";
}

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q, 300);
  const [statut, setStatut] = useState<string | null>(null);
  const [staffOnly, setStaffOnly] = useState(false);
  const [page, setPage] = useState(1);
  const filters = { q: search, statut: (statut ?? undefined) as User["statut"], is_staff: staffOnly ? true : undefined };
  const users = $api.useQuery("get", "/api/admin/users/", { params: { query: pageQuery(filters, page) } });
  const columns: Column<User>[] = [
    { key: "pseudo", label: t("users.pseudo"), render: (u) => <Anchor component={Link} to={`/users/${u.id_user}`}>{u.pseudo}</Anchor> },
    { key: "nom", label: t("users.nom"), render: (u) => u.nom },
    { key: "email", label: t("users.email"), render: (u) => u.email },
    { key: "role", label: t("users.role"), render: (u) => t(`users.${roleOf(u)}`) },
    { key: "statut", label: t("users.statut"), render: (u) => <StatusBadge value={u.statut} /> },
    { key: "login", label: t("users.lastLogin"), render: (u) => formatDateTime(u.last_login, i18n.language) },
  ];
  return (
    <Stack>
      <Title order={1}>{t("users.title")}</Title>
      <Group align="end">
        <TextInput label={t("users.search")} value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} />
        <Select label={t("users.statut")} data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={statut} onChange={(v) => { setStatut(v); setPage(1); }} clearable placeholder={t("shell.all")} />
        <Checkbox label={t("users.staffOnly")} checked={staffOnly} onChange={(e) => { setStaffOnly(e.currentTarget.checked); setPage(1); }} mb={8} />
      </Group>
      <QueryState query={users}>
        {(data) => {
          const { rows, count } = pageOf(data);
          return (
            <Stack>
              <ListTable caption={t("users.list")} columns={columns} rows={rows} rowKey={(u) => u.id_user} empty={t("users.none")} />
              <Pager page={page} count={count} onChange={setPage} />
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
