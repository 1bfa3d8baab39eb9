import { Button, Code, CopyButton, Group, Image, Menu, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import QRCode from "qrcode";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { readProblem } from "../../../shared/api/errors";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";

type Borne = components["schemas"]["Borne"];
type Issued = components["schemas"]["TerminalKeyIssued"];

/**
 * Issue (or rotate) and revoke a cabinet's kiosk key. The key is in the API's answer only: it is shown
 * once here, with the QR code the kiosk's setup screen scans (the API's provisioning payload: the key and its cabinet, never in a URL).
 */
export function KioskKeyActions({ borne }: { borne: Borne }) {
  const { t, i18n } = useTranslation();
  const [issued, setIssued] = useState<(Issued & { qr: string }) | null>(null);
  const [revoking, setRevoking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const path = { params: { path: { id: borne.id_borne } } };
  const issue = $api.useMutation("post", "/api/admin/bornes/{id}/terminal-key/", {
    onSuccess: async (data) => setIssued({ ...data, qr: await QRCode.toDataURL(data.provisioning_payload, { margin: 1, width: 240 }) }),
    onError: (problem) => notifications.show({ color: "red", message: readProblem(problem).message ?? t("errors.generic") }),
  });
  const revoke = $api.useMutation("delete", "/api/admin/bornes/{id}/terminal-key/", {
    onSuccess: () => {
      setRevoking(false);
      notifications.show({ color: "teal", message: t("network.keyRevoked") });
    },
    onError: setError,
  });
  return (
    <>
      <Menu withinPortal>
        <Menu.Target>
          <Button size="xs" variant="light" loading={issue.isPending}>
            {t("network.kioskKey")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => issue.mutate(path)}>{t("network.issueKey")}</Menu.Item>
          <Menu.Item color="red" onClick={() => { setError(null); setRevoking(true); }}>{t("network.revokeKey")}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={issued !== null} onClose={() => setIssued(null)} title={t("network.keyTitle", { name: borne.nom || borne.numero })} size="lg">
        {issued && (
          <Stack>
            <Text size="sm">{t("network.keyShownOnce")}</Text>
            <Code block data-testid="kiosk-key">{issued.terminal_key}</Code>
            <Group>
              <CopyButton value={issued.terminal_key}>
                {({ copied, copy }) => <Button variant="light" onClick={copy}>{t(copied ? "network.copied" : "network.copy")}</Button>}
              </CopyButton>
              <Text size="xs" c="dimmed">{t("network.keyPrefix", { prefix: issued.key_prefix, date: formatDateTime(issued.created_at, i18n.language) })}</Text>
            </Group>
            <Image src={issued.qr} alt={t("network.keyQr")} w={240} h={240} />
          </Stack>
        )}
      </Modal>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={revoking} onClose={() => setRevoking(false)} title={t("network.revokeKeyTitle", { name: borne.nom || borne.numero })}>
        <Stack>
          <Text size="sm">{t("network.revokeKeyHelp")}</Text>
          <ProblemAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(false)}>{t("common.cancel")}</Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(path)}>{t("network.revokeKey")}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

