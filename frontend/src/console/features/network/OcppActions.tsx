import { Button, Code, CopyButton, Group, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import type { components } from "../../../shared/api/schema";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { refreshData } from "../../lib/refresh";

type Borne = components["schemas"]["Borne"];
type Issued = components["schemas"]["OcppPasswordIssued"];

/**
 * A cabinet driven by a commercial OCPP charger (docs/ocpp.md): switch it to OCPP with the charger's
 * identity and issue its password (shown once: the charger is configured with it), or back to MQTT.
 */
export function OcppActions({ borne }: { borne: Borne }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [enabling, setEnabling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const path = { params: { path: { id: borne.id_borne } } };
  const form = useForm({ initialValues: { ocpp_identity: borne.ocpp_identity ?? `CP-${borne.id_borne}` } });
  const enable = $api.useMutation("post", "/api/admin/bornes/{id}/ocpp/", {
    onSuccess: (data) => {
      setEnabling(false);
      setIssued(data);
      void refreshData(queryClient);
    },
    onError: (error) => setProblem(applyApiErrors(form, error, {}, ["ocpp_identity"])),
  });
  const disable = $api.useMutation("delete", "/api/admin/bornes/{id}/ocpp/", {
    onSuccess: () => {
      setDisabling(false);
      void refreshData(queryClient);
    },
  });
  const name = borne.nom || borne.numero;
  const isOcpp = borne.link_kind === "ocpp";
  return (
    <>
      <Menu withinPortal>
        <Menu.Target>
          <Button size="xs" variant="light">{isOcpp ? t("network.ocppLinked") : t("network.ocpp")}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => { setProblem(null); setEnabling(true); }}>
            {isOcpp ? t("network.ocppNewPassword") : t("network.ocppEnable")}
          </Menu.Item>
          {isOcpp && <Menu.Item color="red" onClick={() => setDisabling(true)}>{t("network.ocppDisable")}</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={enabling} onClose={() => setEnabling(false)} title={t("network.ocppEnableTitle", { name })}>
        <form noValidate onSubmit={form.onSubmit((body) => { setProblem(null); enable.mutate({ ...path, body }); })}>
          <Stack>
            <Text size="sm">{t("network.ocppEnableHelp")}</Text>
            <TextInput label={t("network.ocppIdentity")} description={t("network.ocppIdentityHelp")} required {...form.getInputProps("ocpp_identity")} />
            {problem && <ProblemAlert error={{ detail: problem }} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEnabling(false)}>{t("common.cancel")}</Button>
              <Button type="submit" loading={enable.isPending}>{t("network.ocppIssue")}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={issued !== null} onClose={() => setIssued(null)} title={t("network.ocppPasswordTitle", { name })}>
        {issued && (
          <Stack>
            <Text size="sm">{t("network.ocppPasswordOnce")}</Text>
            <Text size="sm">{t("network.ocppIdentity")}: <Code>{issued.ocpp_identity}</Code></Text>
            <Code block data-testid="ocpp-password">{issued.password}</Code>
            <CopyButton value={issued.password}>
              {({ copied, copy }) => <Button variant="light" onClick={copy}>{t(copied ? "network.copied" : "network.copy")}</Button>}
            </CopyButton>
          </Stack>
        )}
      </Modal>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={disabling} onClose={() => setDisabling(false)} title={t("network.ocppDisableTitle", { name })}>
        <Stack>
          <Text size="sm">{t("network.ocppDisableHelp")}</Text>
          <ProblemAlert error={disable.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDisabling(false)}>{t("common.cancel")}</Button>
            <Button color="red" loading={disable.isPending} onClick={() => disable.mutate(path)}>{t("network.ocppDisable")}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
