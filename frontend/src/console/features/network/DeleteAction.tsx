import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { readProblem } from "../../../shared/api/errors";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";

interface Props {
  name: string;
  remove: () => Promise<unknown>;
  /** Offered when the API refuses the delete because of history (409 `has_history`). */
  deactivate: () => Promise<unknown>;
  deactivateLabel?: string;
}

/** Delete with a confirmation; where the API refuses it (409), its reason and "make inactive" instead. */
export function DeleteAction({ name, remove, deactivate, deactivateLabel }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setOpened(false);
      notifications.show({ color: "teal", message: done });
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  const refused = error !== null && readProblem(error).code === "has_history";
  return (
    <>
      <Button size="xs" variant="light" color="red" onClick={() => { setError(null); setOpened(true); }}>
        {t("network.delete")}
      </Button>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={opened} onClose={() => setOpened(false)} title={t("network.deleteTitle", { name })}>
        <Stack>
          <Text size="sm">{t("network.deleteHelp")}</Text>
          <ProblemAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t("common.cancel")}
            </Button>
            {refused ? (
              <Button loading={busy} color="violet" onClick={() => void run(deactivate, t("network.deactivated"))}>
                {deactivateLabel ?? t("network.deactivate")}
              </Button>
            ) : (
              <Button loading={busy} color="red" onClick={() => void run(remove, t("network.deleted"))}>
                {t("network.delete")}
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
