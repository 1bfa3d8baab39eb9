import { Box, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../../shared/ui/LanguageSwitch";
import { useKiosk } from "./KioskContext";
import { StaffGesture } from "./StaffGesture";
import { StatusLine } from "./StatusLine";

/** The kiosk's full screen: the cabinet's name (the staff's long press), the status line, the language, the screen. */
export function KioskFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { cabinet } = useKiosk();
  return (
    <Stack mih="100dvh" gap={0}>
      <Box component="header" px="lg" py="sm" bg="teal.9" c="white">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <StaffGesture>
            <Stack gap={0}>
              <Text c="white" size="sm">{t("kiosk.name")}</Text>
              <Title order={1} c="white" size="h2" data-testid="cabinet-name">
                {t("kiosk.cabinet", { station: cabinet.station.nom, borne: cabinet.borne.nom || cabinet.borne.numero })}
              </Title>
            </Stack>
          </StaffGesture>
          <Box bg="white" p={4} style={{ borderRadius: 8 }}>
            <LanguageSwitch />
          </Box>
        </Group>
      </Box>
      <Box px="lg" py="xs" bg="gray.0">
        <StatusLine />
      </Box>
      <Box component="main" flex={1} p="lg">
        {children}
      </Box>
    </Stack>
  );
}
