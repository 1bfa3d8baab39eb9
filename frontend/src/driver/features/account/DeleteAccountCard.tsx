import { Button, Card, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { $api } from "../../../shared/api/client";
import { session } from "../../../shared/api/session";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import "@mantine/core/styles/ScrollArea.css";
import "@mantine/core/styles/Overlay.css";
import "@mantine/core/styles/ModalBase.css";
import "@mantine/core/styles/Modal.css";

/** Erases the account after the driver types a confirmation word. */
export function DeleteAccountCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [opened, modal] = useDisclosure(false);
  const [typed, setTyped] = useState("");
  const word = t("account.deleteWord");
  const erase = $api.useMutation("delete", "/api/account/profile/", {
    onSuccess: () => {
      session.signOut();
      void navigate("/login", { replace: true });
    },
  });
  return (
    <Card withBorder>
      <Stack align="flex-start">
        <Title order={2} size="h3">{t("account.delete")}</Title>
        <Text size="sm">{t("account.deleteHelp")}</Text>
        <Button color="red" variant="outline" onClick={modal.open}>{t("account.delete")}</Button>
      </Stack>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={opened} onClose={modal.close} title={t("account.deleteTitle")}>
        <Stack>
          <Text size="sm">{t("account.deleteConfirm", { word })}</Text>
          <TextInput label={t("account.deleteType", { word })} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
          <ProblemAlert error={erase.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={modal.close}>{t("common.cancel")}</Button>
            <Button color="red" disabled={typed.trim().toLowerCase() !== word.toLowerCase()} loading={erase.isPending} onClick={() => erase.mutate({})}>
              {t("account.deleteNow")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
