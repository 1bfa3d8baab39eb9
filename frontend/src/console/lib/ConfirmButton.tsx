import { Button, Group, Modal, Stack, Text, type ButtonProps } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../shared/ui/ProblemAlert";

interface Props extends ButtonProps {
  label: string;
  title: string;
  help: string;
  /** The write; a refusal is thrown as the API's body and shown in the dialog. */
  action: () => Promise<unknown>;
  /** What to show after success instead of closing (e.g. a password shown once). */
  result?: ReactNode;
  onDone?: () => void;
}

/** A button that asks before a consequential write, and shows the API's refusal in words. */
export function ConfirmButton({ label, title, help, action, result, onDone, ...button }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    setOpened(false);
    setDone(false);
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone?.();
      if (result === undefined) close();
      else setDone(true);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="xs" variant="light" {...button} onClick={() => { setError(null); setOpened(true); }}>
        {label}
      </Button>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={opened} onClose={close} title={title}>
        {done ? (
          <Stack>
            {result}
            <Group justify="flex-end">
              <Button onClick={close}>{t("common.close")}</Button>
            </Group>
          </Stack>
        ) : (
          <Stack>
            <Text size="sm">{help}</Text>
            <ProblemAlert error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t("common.cancel")}</Button>
              <Button color={button.color} loading={busy} onClick={() => void run()}>{label}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
