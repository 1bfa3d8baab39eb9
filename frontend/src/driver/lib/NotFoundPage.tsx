import { Button, Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start">
      <Title order={1}>{t("errors.notFound")}</Title>
      <Button component={Link} to="/">
        {t("nav.dashboard")}
      </Button>
    </Stack>
  );
}
