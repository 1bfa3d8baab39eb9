import { Card, Stack, Switch, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { formatDateTime } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";
import "@mantine/core/styles/InlineInput.css";
import "@mantine/core/styles/Switch.css";

export function ConsentsCard() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const consents = $api.useQuery("get", "/api/account/consents/", {});
  const update = $api.useMutation("post", "/api/account/consents/", {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["get", "/api/account/consents/"] }),
  });
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h3">{t("account.consents")}</Title>
        <QueryState query={consents}>
          {(data) => (
            <Stack>
              <Switch
                label={t("auth.notifications")}
                checked={Boolean(data.current.notifications_accepted)}
                disabled={update.isPending}
                onChange={(e) => update.mutate({ body: { notifications_accepted: e.currentTarget.checked } })}
              />
              <Text size="sm">{t("account.cguAccepted", { state: data.current.cgu_accepted ? t("account.yes") : t("account.no") })}</Text>
              <Text size="sm">{t("account.privacyAccepted", { state: data.current.privacy_policy_accepted ? t("account.yes") : t("account.no") })}</Text>
              {data.history[0] && (
                <Text size="xs" c="dimmed">{t("account.lastChange", { date: formatDateTime(data.history[0].date_consentement, i18n.language) })}</Text>
              )}
              <ProblemAlert error={update.error} />
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}
