import { Code, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { call } from "../../lib/call";
import { ConfirmButton } from "../../lib/ConfirmButton";
import { StatusBadge } from "../../lib/StatusBadge";
import { roleOf } from "./UsersPage";
import { refreshData } from "../../lib/refresh";

type User = components["schemas"]["AdminUser"];

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </Stack>
  );
}

/** Who the user is, and the staff's actions on the account: suspend, reactivate, archive, reset the password. */
export function AccountCard({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [temporary, setTemporary] = useState<string | null>(null);
  const path = { params: { path: { id_user: user.id_user } } };
  const setStatus = (statut: User["statut"]) => () =>
    call(api.PATCH("/api/admin/users/{id_user}/", { ...path, body: { statut } })).then(() => {
      notifications.show({ color: "teal", message: t("users.statusChanged") });
      return refreshData(queryClient);
    });
  const reset = () =>
    call(api.POST("/api/admin/users/{id_user}/reset-password/", path)).then((data) => setTemporary(data?.temporary_password ?? null));
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">{t("users.account")}</Title>
          <StatusBadge value={user.statut} />
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Field label={t("users.pseudo")}>{user.pseudo}</Field>
          <Field label={t("users.nom")}>{user.nom || "—"}</Field>
          <Field label={t("users.email")}>{user.email}</Field>
          <Field label={t("users.phone")}>{user.telephone || "—"}</Field>
          <Field label={t("users.role")}>{t(`users.${roleOf(user)}`)}</Field>
          <Field label={t("users.lastLogin")}>{formatDateTime(user.last_login, i18n.language)}</Field>
          <Field label={t("users.joined")}>{formatDateTime(user.date_joined, i18n.language)}</Field>
        </SimpleGrid>
        <Group gap="xs">
          {user.statut === "actif" ? (
            <ConfirmButton color="violet" label={t("users.suspend")} title={t("users.suspendTitle", { pseudo: user.pseudo })} help={t("users.suspendHelp")} action={setStatus("suspendu")} />
          ) : (
            <ConfirmButton color="teal" label={t("users.reactivate")} title={t("users.reactivateTitle", { pseudo: user.pseudo })} help={t("users.reactivateHelp")} action={setStatus("actif")} />
          )}
          {user.statut !== "archive" && (
            <ConfirmButton color="gray" label={t("users.archive")} title={t("users.archiveTitle", { pseudo: user.pseudo })} help={t("users.archiveHelp")} action={setStatus("archive")} />
          )}
          <ConfirmButton
            label={t("users.resetPassword")}
            title={t("users.resetTitle", { pseudo: user.pseudo })}
            help={t("users.resetHelp")}
            action={reset}
            result={temporary && (
              <Stack gap="xs">
                <Text size="sm">{t("users.temporaryOnce")}</Text>
                <Text size="xs" c="dimmed">{t("users.temporary")}</Text>
                <Code block data-testid="temporary-password">{temporary}</Code>
              </Stack>
            )}
          />
        </Group>
      </Stack>
    </Paper>
  );
}
