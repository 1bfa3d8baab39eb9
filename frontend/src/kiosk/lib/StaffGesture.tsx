import { Button, Modal, PasswordInput, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useKiosk } from "./KioskContext";

export const LONG_PRESS_MS = 3_000;

/** The staff's way back to setup: a long press on the cabinet's name, then this cabinet's key. */
export function StaffGesture({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { provisioning, reset } = useKiosk();
  const [opened, modal] = useDisclosure(false);
  const [key, setKey] = useState("");
  const [wrong, setWrong] = useState(false);
  const timer = useRef<number | null>(null);
  const cancel = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };
  const start = () => {
    cancel();
    timer.current = window.setTimeout(() => {
      setKey("");
      setWrong(false);
      modal.open();
    }, LONG_PRESS_MS);
  };
  return (
    <>
      <UnstyledButton
        onPointerDown={start}
        onPointerUp={cancel}
        onPointerLeave={cancel}
        onContextMenu={(event) => event.preventDefault()}
        title={t("kiosk.staff.open")}
        data-testid="staff-gesture"
        style={{ touchAction: "none", userSelect: "none" }}
      >
        {children}
      </UnstyledButton>
      <Modal opened={opened} onClose={modal.close} title={t("kiosk.staff.title")} closeButtonProps={{ "aria-label": t("common.close") }} centered size="lg">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (key.trim() === provisioning.terminalKey) reset();
            else setWrong(true);
          }}
        >
          <Stack>
            <Text>{t("kiosk.staff.help")}</Text>
            <PasswordInput size="lg" label={t("kiosk.staff.key")} value={key} onChange={(e) => setKey(e.currentTarget.value)} error={wrong ? t("kiosk.staff.wrongKey") : null} autoComplete="off" data-autofocus />
            <Button type="submit" size="lg" color="red">{t("kiosk.staff.confirm")}</Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
