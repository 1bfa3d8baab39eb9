import { Stack, Tabs, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { BaysTab } from "./BaysTab";
import { CabinetsTab } from "./CabinetsTab";
import { DevicesTab } from "./DevicesTab";
import { StationsTab } from "./StationsTab";

export default function NetworkPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t("network.title")}</Title>
      <Tabs defaultValue="stations" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="stations">{t("network.stations")}</Tabs.Tab>
          <Tabs.Tab value="cabinets">{t("network.cabinets")}</Tabs.Tab>
          <Tabs.Tab value="bays">{t("network.bays")}</Tabs.Tab>
          <Tabs.Tab value="devices">{t("network.devices")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="stations" pt="md"><StationsTab /></Tabs.Panel>
        <Tabs.Panel value="cabinets" pt="md"><CabinetsTab /></Tabs.Panel>
        <Tabs.Panel value="bays" pt="md"><BaysTab /></Tabs.Panel>
        <Tabs.Panel value="devices" pt="md"><DevicesTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
