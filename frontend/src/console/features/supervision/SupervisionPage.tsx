import { Group, Select, Stack, Tabs, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { idOrUndefined } from "../../lib/query";
import { StationSelect } from "../../lib/StationSelect";
import { SummaryBar } from "./SummaryBar";
import { AlertsList, DevicesList, SensorsList } from "./SupervisionLists";

const SEVERITIES = ["critique", "haute", "moyenne", "basse"] as const;
const STATUSES = ["nouvelle", "prise_en_charge", "resolue", "fermee"] as const;
const DEVICE_STATES = ["online", "charging", "idle", "provisioned", "offline", "error"] as const;

export default function SupervisionPage() {
  const { t } = useTranslation();
  const [station, setStation] = useState<string | null>(null);
  const [severity, setSeverity] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const filters = { station: idOrUndefined(station), severity: severity ?? undefined, status: status ?? undefined, state: state ?? undefined };
  // A new filter starts each list at its first page: the lists are keyed by their filters.
  const key = JSON.stringify(filters);
  return (
    <Stack>
      <Title order={1}>{t("supervision.title")}</Title>
      <Text size="sm" c="dimmed">
        {t("supervision.live")}
      </Text>
      <SummaryBar station={filters.station} />
      <Group align="end" grow preventGrowOverflow={false} wrap="wrap">
        <StationSelect value={station} onChange={setStation} />
        <Select label={t("supervision.severity")} data={SEVERITIES.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={severity} onChange={setSeverity} clearable placeholder={t("shell.all")} />
        <Select label={t("supervision.alertStatus")} data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={status} onChange={setStatus} clearable placeholder={t("supervision.openAlerts")} />
        <Select label={t("supervision.deviceState")} data={DEVICE_STATES.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={state} onChange={setState} clearable placeholder={t("shell.all")} />
      </Group>
      <Tabs defaultValue="alerts" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="alerts">{t("supervision.alerts")}</Tabs.Tab>
          <Tabs.Tab value="devices">{t("supervision.devices")}</Tabs.Tab>
          <Tabs.Tab value="sensors">{t("supervision.sensors")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="alerts" pt="md">
          <AlertsList key={key} filters={filters} />
        </Tabs.Panel>
        <Tabs.Panel value="devices" pt="md">
          <DevicesList key={key} filters={filters} />
        </Tabs.Panel>
        <Tabs.Panel value="sensors" pt="md">
          <SensorsList key={key} filters={filters} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
