import { Button, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  submitLabel: string;
  length?: number;
  busy?: boolean;
}

/** A code typed on the screen: large digit keys, delete, and submit once the code is complete. */
export function Keypad({ label, value, onChange, onSubmit, submitLabel, length = 8, busy = false }: Props) {
  const { t } = useTranslation();
  const press = (digit: string) => value.length < length && onChange(value + digit);
  const key = { size: "xl", h: 72, fz: 28, variant: "default" } as const;
  return (
    <Stack gap="sm" maw={420} w="100%">
      <TextInput
        label={label}
        value={value}
        readOnly
        size="xl"
        styles={{ input: { textAlign: "center", letterSpacing: "0.3em", fontSize: 32, fontWeight: 700 } }}
        data-testid="keypad-value"
      />
      <SimpleGrid cols={3} spacing="sm">
        {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((digit) => (
          <Button key={digit} {...key} onClick={() => press(digit)} aria-label={t("kiosk.keypad.digit", { digit })}>{digit}</Button>
        ))}
        <Button {...key} color="gray" onClick={() => onChange("")} aria-label={t("kiosk.keypad.clear")} disabled={!value}>C</Button>
        <Button {...key} onClick={() => press("0")} aria-label={t("kiosk.keypad.digit", { digit: "0" })}>0</Button>
        <Button {...key} onClick={() => onChange(value.slice(0, -1))} aria-label={t("kiosk.keypad.delete")} disabled={!value}>⌫</Button>
      </SimpleGrid>
      <Button size="xl" h={72} onClick={onSubmit} disabled={value.length !== length} loading={busy}>{submitLabel}</Button>
    </Stack>
  );
}
