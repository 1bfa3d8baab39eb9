import { Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** The terms of use and the privacy policy that registration links to. */
export default function LegalPage({ text }: { text: "terms" | "privacy" }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t(`legal.${text}Title`)}</Title>
      <Text>{t(`legal.${text}`)}</Text>
    </Stack>
  );
}
