import { Center, Stack, Text, Title } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import { setupI18n, type Language } from "../i18n/i18n";
import { AppProviders } from "./AppProviders";

function ComingSoon({ prefix }: { prefix: string }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack align="center">
        <Title order={1}>{t(`${prefix}.title`)}</Title>
        <Text>{t(`${prefix}.notYet`)}</Text>
      </Stack>
    </Center>
  );
}

/** The page of an app that is announced but not built yet: its name and what to use meanwhile. */
export function renderComingSoon(prefix: string, strings: Record<Language, Record<string, unknown>>): void {
  setupI18n(strings);
  const root = document.getElementById("root");
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <AppProviders>
        <ComingSoon prefix={prefix} />
      </AppProviders>
    </StrictMode>,
  );
}
