import { Alert, Button, Card, Code, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { formatDateTime, formatTime } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";
import "@mantine/core/styles/ScrollArea.css";
import "@mantine/core/styles/Overlay.css";
import "@mantine/core/styles/ModalBase.css";
import "@mantine/core/styles/Modal.css";

type Badge = components["schemas"]["AuthMethod"];

function badgeStatus(badge: Badge): string {
  const metadata = (badge.metadata ?? {}) as { status?: string };
  return metadata.status ?? "active";
}

export default function BadgesPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const badges = $api.useQuery("get", "/api/account/auth-methods/", {});
  const link = $api.useMutation("post", "/api/account/auth-methods/", { onSuccess: () => void queryClient.invalidateQueries() });

  return (
    <Stack>
      <Title order={1}>{t("badges.title")}</Title>
      <Card withBorder>
        <Stack>
          <Text>{t("badges.linkHelp")}</Text>
          {link.data ? (
            <Alert color="teal" title={t("badges.codeTitle")} role="status">
              <Stack gap="xs" align="center">
                <Code fz={32} fw={700} p="sm" data-testid="link-code">{link.data.code}</Code>
                <Text size="sm">{t("badges.codeExpires", { time: formatTime(link.data.expires_at, i18n.language) })}</Text>
              </Stack>
            </Alert>
          ) : null}
          <ProblemAlert error={link.error} />
          <Button onClick={() => link.mutate({})} loading={link.isPending}>
            {link.data ? t("badges.newCode") : t("badges.link")}
          </Button>
        </Stack>
      </Card>
      <QueryState query={badges} isEmpty={(data) => listOf(data).every((b) => badgeStatus(b) !== "active")} empty={t("badges.none")}>
        {(data) => (
          <Stack>
            {listOf(data).filter((b) => badgeStatus(b) === "active").map((badge) => (
              <BadgeCard key={badge.id_auth} badge={badge} linkedAt={formatDateTime((badge.metadata as { linked_at?: string } | null)?.linked_at, i18n.language)} />
            ))}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function BadgeCard({ badge, linkedAt }: { badge: Badge; linkedAt: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const [done, setDone] = useState(false);
  const revoke = $api.useMutation("delete", "/api/account/auth-methods/{id_auth}/", {
    onSuccess: () => {
      setDone(true);
      confirm.close();
      void queryClient.invalidateQueries();
    },
  });
  if (done) return null;
  return (
    <Card withBorder data-testid="badge">
      <Group justify="space-between">
        <Stack gap={0}>
          <Text fw={600}>{badge.display_value}</Text>
          <Text size="xs" c="dimmed">{t("badges.linkedAt", { date: linkedAt })}</Text>
        </Stack>
        <Button variant="outline" color="red" onClick={confirm.open} aria-label={t("badges.revokeLabel", { badge: badge.display_value })}>
          {t("badges.revoke")}
        </Button>
      </Group>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={confirming} onClose={confirm.close} title={t("badges.revokeTitle")}>
        <Stack>
          <Text>{t("badges.revokeText")}</Text>
          <ProblemAlert error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>{t("common.cancel")}</Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate({ params: { path: { id_auth: badge.id_auth } } })}>
              {t("badges.revoke")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
