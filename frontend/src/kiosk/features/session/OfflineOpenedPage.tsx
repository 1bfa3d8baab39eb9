import { Alert, Button, Card, Stack, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import type { Opening } from "../../lib/opening";
import { TALL } from "../../lib/touch";
import { useAutoReturn } from "../../lib/useCountdown";

export const OFFLINE_OPENED_SECONDS = 45;

/** A bay opened by the kiosk's own decision while the API could not be reached. */
export default function OfflineOpenedPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const opening = useLocation().state as Extract<Opening, { kind: "local" }> | null;
  const idle = useCallback(() => navigate("/"), [navigate]);
  const left = useAutoReturn(OFFLINE_OPENED_SECONDS, idle, !!opening);
  if (!opening) return <Navigate to="/" replace />;
  return (
    <Stack gap="lg" maw={960} mx="auto" data-testid="offline-opened">
      <Title order={2} size="h1">{t("session.offlineTitle", { numero: opening.emplacement_numero })}</Title>
      <Text c="dimmed">{t("session.reference", { reference: opening.reference_code })}</Text>
      {opening.unlocked ? (
        <Card withBorder p="xl" bg="teal.0">
          <Title order={3} size="h2">{t("session.plugIn")}</Title>
          <Text size="xl" mt="sm">{t("session.offlineText")}</Text>
        </Card>
      ) : (
        <Alert color="red" role="alert"><Text size="xl">{t("session.offlineNotUnlocked")}</Text></Alert>
      )}
      <Button size="xl" {...TALL} variant="default" onClick={idle}>{t("kiosk.backIn", { seconds: left })}</Button>
    </Stack>
  );
}
