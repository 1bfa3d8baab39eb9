import { Stack, Tabs, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ReservationsTab } from "./ReservationsTab";
import { SessionsTab } from "./SessionsTab";

export default function ActivityPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t("activity.title")}</Title>
      <Tabs defaultValue="reservations" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="reservations">{t("activity.reservations")}</Tabs.Tab>
          <Tabs.Tab value="sessions">{t("activity.sessions")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reservations" pt="md"><ReservationsTab /></Tabs.Panel>
        <Tabs.Panel value="sessions" pt="md"><SessionsTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
