import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Center, Stack, Text, Title } from "@mantine/core";
import { setupI18n } from "../shared/i18n/i18n";
import { AppProviders } from "../shared/ui/AppProviders";
import { kioskStrings } from "./i18n";
import { useTranslation } from "react-i18next";

setupI18n(kioskStrings);

function ComingSoon() {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md">
      <Stack align="center">
        <Title order={1}>{t("kiosk.title")}</Title>
        <Text>{t("kiosk.notYet")}</Text>
      </Stack>
    </Center>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppProviders>
        <ComingSoon />
      </AppProviders>
    </StrictMode>,
  );
}
