import { Button, Checkbox, Group, Paper, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api, api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";
import { call } from "../../lib/call";
import { ConfirmButton } from "../../lib/ConfirmButton";
import { ListTable, type Column } from "../../lib/ListTable";
import { StatusBadge } from "../../lib/StatusBadge";
import { refreshData } from "../../lib/refresh";

type AuthMethod = components["schemas"]["AuthMethod"];

function badgeStatus(method: AuthMethod): string | null {
  const metadata = method.metadata as Record<string, unknown> | null;
  return typeof metadata?.status === "string" ? metadata.status : null;
}

/** A user's badges: register a replacement by its UID (optionally revoking the others), revoke one. */
export function BadgesCard({ userId }: { userId: number }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const path = { params: { path: { id_user: userId } } };
  const methods = $api.useQuery("get", "/api/admin/users/{id_user}/auth-methods/", path);
  const form = useForm({ initialValues: { uid: "", revoke_others: true }, validate: { uid: (v) => (v.trim() ? null : t("users.required")) } });
  const register = $api.useMutation("post", "/api/admin/users/{id_user}/auth-methods/", {
    onSuccess: () => {
      form.reset();
      notifications.show({ color: "teal", message: t("users.registered") });
      void refreshData(queryClient);
    },
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });
  const columns: Column<AuthMethod>[] = [
    { key: "badge", label: t("users.badge"), render: (m) => `${m.type_label} ${m.display_value}` },
    { key: "status", label: t("users.badgeStatus"), render: (m) => <StatusBadge value={badgeStatus(m)} /> },
    { key: "expires", label: t("users.expires"), render: (m) => formatDateTime(m.expiration, i18n.language) },
    { key: "actions", label: t("shell.actions"), render: (m) => badgeStatus(m) !== "revoked" && (
      <ConfirmButton
        color="red"
        label={t("users.revoke")}
        title={t("users.revokeTitle", { badge: m.display_value })}
        help={t("users.revokeHelp")}
        action={() => call(api.POST("/api/admin/users/{id_user}/auth-methods/{id_auth}/revoke/", { params: { path: { id_user: userId, id_auth: m.id_auth } } })).then(() => {
          notifications.show({ color: "teal", message: t("users.revoked") });
          return refreshData(queryClient);
        })}
      />
    ) },
  ];
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">{t("users.badges")}</Title>
        <QueryState query={methods}>
          {(data) => <ListTable caption={t("users.badges")} columns={columns} rows={listOf(data)} rowKey={(m) => m.id_auth} empty={t("users.noBadges")} minWidth={560} />}
        </QueryState>
        <form onSubmit={form.onSubmit((body) => { setProblem(null); register.mutate({ ...path, body: { uid: body.uid.trim(), revoke_others: body.revoke_others } }); })} noValidate>
          <Stack gap="xs">
            {problem && <ProblemAlert error={{ detail: problem }} />}
            <Group align="end">
              <TextInput label={t("users.uid")} description={t("users.uidHelp")} {...form.getInputProps("uid")} />
              <Button type="submit" loading={register.isPending}>{t("users.register")}</Button>
            </Group>
            <Checkbox label={t("users.revokeOthers")} {...form.getInputProps("revoke_others", { type: "checkbox" })} />
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
