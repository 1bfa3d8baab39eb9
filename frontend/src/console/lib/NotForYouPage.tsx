import { Anchor, Button, Center, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { logout } from "../../shared/api/client";

/** What a signed-in driver sees at /console/: this is the operators' console, their app is elsewhere. */
export function NotForYouPage() {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="lg" maw={480}>
        <Stack>
          <Title order={1} size="h2">
            {t("shell.notForYouTitle")}
          </Title>
          <Text>{t("shell.notForYou")}</Text>
          <Anchor href="/">{t("shell.driverApp")}</Anchor>
          <Button variant="light" onClick={() => void logout()}>
            {t("shell.logout")}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
