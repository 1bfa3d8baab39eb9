import { Alert, Button, Card, Center, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../../../shared/ui/LanguageSwitch";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { cabinetOf, saveProvisioning, type Cabinet, type Provisioning } from "../../lib/provisioning";
import { Refusal } from "../../lib/refusal";
import { useWedge } from "../../lib/useWedge";
import { CameraScan } from "./CameraScan";

/** The key a provisioning QR carries: the key itself, or a URL whose `key` parameter (or fragment) holds it. */
export function keyFromScan(text: string): string {
  const value = text.trim();
  try {
    const url = new URL(value);
    return url.searchParams.get("key") ?? url.searchParams.get("terminal_key") ?? url.hash.replace(/^#(key=)?/, "");
  } catch {
    return value;
  }
}

/** The terminal key typed, pasted or scanned, checked against the API, then kept (IndexedDB). */
export default function SetupPage({ onProvisioned }: { onProvisioned: (value: Provisioning) => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState("");
  const check = useMutation<Cabinet, unknown, string>({ mutationFn: (value) => cabinetOf(value) });
  const accept = (value: string) => {
    setKey(value);
    check.mutate(value);
  };
  useWedge((reading) => accept(keyFromScan(reading.value)), !check.data);

  const confirm = async (cabinet: Cabinet) => {
    const provisioning = { terminalKey: key.trim(), cabinet, provisionedAt: new Date().toISOString() };
    await saveProvisioning(provisioning);
    onProvisioned(provisioning);
  };
  const refusedKey = check.error instanceof Refusal && check.error.status === 401;

  return (
    <Center mih="100dvh" p="lg" component="main">
      <Card withBorder shadow="sm" p="xl" maw={720} w="100%">
        <Stack gap="lg">
          <Group justify="space-between">
            <Title order={1}>{t("setup.title")}</Title>
            <LanguageSwitch />
          </Group>
          {check.data ? (
            <Stack>
              <Text size="lg">{t("setup.found")}</Text>
              <Table fz="lg" data-testid="setup-cabinet">
                <Table.Tbody>
                  <Table.Tr><Table.Th>{t("setup.station")}</Table.Th><Table.Td>{check.data.station.nom}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>{t("setup.cabinet")}</Table.Th><Table.Td>{check.data.borne.nom || check.data.borne.numero}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>{t("setup.bays")}</Table.Th><Table.Td>{t("setup.bayList", { list: check.data.emplacements.map((e) => e.numero).join(", ") })}</Table.Td></Table.Tr>
                </Table.Tbody>
              </Table>
              <Group grow>
                <Button size="xl" variant="default" onClick={() => check.reset()}>{t("setup.other")}</Button>
                <Button size="xl" onClick={() => void confirm(check.data)}>{t("setup.confirm")}</Button>
              </Group>
            </Stack>
          ) : (
            <form onSubmit={(event) => { event.preventDefault(); accept(key.trim()); }}>
              <Stack>
                <Text size="lg">{t("setup.help")}</Text>
                <TextInput size="xl" label={t("setup.key")} value={key} onChange={(e) => setKey(e.currentTarget.value)} autoComplete="off" spellCheck={false} required />
                {refusedKey ? <Alert color="red" role="alert">{t("setup.invalid")}</Alert> : <ProblemAlert error={check.error instanceof Refusal ? check.error.body : check.error} />}
                <Button type="submit" size="xl" loading={check.isPending} disabled={!key.trim()}>{t("setup.check")}</Button>
                <CameraScan onText={(text) => accept(keyFromScan(text))} />
              </Stack>
            </form>
          )}
        </Stack>
      </Card>
    </Center>
  );
}
