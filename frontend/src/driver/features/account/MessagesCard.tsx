import { Card, Input, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { changeLanguage, LANGUAGES, type Language } from "../../../shared/i18n/i18n";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";
import { useSaveLanguage } from "../../lib/useLanguagePreference";

/** The language of the driver's messages (and of the app), and what the platform sends them. */
export function MessagesCard() {
  const { t } = useTranslation();
  const profile = $api.useQuery("get", "/api/account/profile/", {});
  const language = useSaveLanguage();
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h3">{t("account.messages")}</Title>
        <QueryState query={profile}>
          {(data) => (
            <Input.Wrapper label={t("account.messagesLanguage")} description={t("account.messagesLanguageHelp")}>
              <SegmentedControl
                mt="xs"
                aria-label={t("account.messagesLanguage")}
                value={data.preferred_language ?? "fr"}
                disabled={language.isPending}
                data={LANGUAGES.map((lng) => ({ value: lng, label: t(`common.languages.${lng}`) }))}
                onChange={(value) => {
                  changeLanguage(value as Language);
                  language.save(value as Language);
                }}
              />
            </Input.Wrapper>
          )}
        </QueryState>
        <Text size="sm">{t("account.messagesService")}</Text>
        <Text size="sm">{t("account.messagesReminder")}</Text>
        <ProblemAlert error={language.error} />
      </Stack>
    </Card>
  );
}
