import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Keypad } from "../../lib/Keypad";
import { answered } from "../../lib/refusal";
import { RefusalAlert } from "../../lib/RefusalAlert";
import { kioskApi } from "../../lib/terminal";
import { TALL } from "../../lib/touch";
import { useAutoReturn } from "../../lib/useCountdown";
import { useWedge } from "../../lib/useWedge";

export const LINKED_SECONDS = 15;

/** Badge linking: the one-use code from the driver app, then the badge presented to the reader. */
export default function BadgeLinkPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const [step, setStep] = useState<"code" | "badge">("code");
  const [uid, setUid] = useState("");
  const link = useMutation({ mutationFn: (value: string) => answered(kioskApi.POST("/api/terminal/rfid-link/", { body: { code, uid: value } })) });
  useWedge((reading) => link.mutate(reading.value), step === "badge" && !link.isPending && !link.data);
  const idle = useCallback(() => navigate("/"), [navigate]);
  const left = useAutoReturn(LINKED_SECONDS, idle, !!link.data);
  const restart = () => {
    link.reset();
    setCode("");
    setUid("");
    setStep("code");
  };

  return (
    <Stack gap="lg" maw={960} mx="auto">
      <Title order={2} size="h1">{t("badgeLink.title")}</Title>
      <RefusalAlert error={link.error} />
      {link.data ? (
        <Alert color="teal" role="status" data-testid="badge-linked">
          <Text size="xl">{t("badgeLink.done", { badge: link.data.display_value })}</Text>
        </Alert>
      ) : step === "code" ? (
        <Stack align="center">
          <Text size="xl">{t("badgeLink.step1")}</Text>
          <Keypad label={t("badgeLink.code")} value={code} onChange={setCode} onSubmit={() => setStep("badge")} submitLabel={t("badgeLink.next")} />
        </Stack>
      ) : (
        <Card withBorder p="xl">
          <Stack>
            <Text size="xl" fw={700}>{link.isPending ? t("badgeLink.linking") : t("badgeLink.step2")}</Text>
            <form onSubmit={(event) => { event.preventDefault(); if (uid.trim()) link.mutate(uid.trim()); }}>
              <Group align="flex-end">
                <TextInput size="lg" label={t("badgeLink.uid")} value={uid} onChange={(e) => setUid(e.currentTarget.value)} autoComplete="off" style={{ flex: 1 }} />
                <Button type="submit" size="lg" disabled={!uid.trim()} loading={link.isPending}>{t("badgeLink.link")}</Button>
              </Group>
            </form>
          </Stack>
        </Card>
      )}
      <Group grow>
        {(step === "badge" || link.data) && <Button size="xl" {...TALL} variant="light" onClick={restart}>{t("badgeLink.restart")}</Button>}
        <Button component={Link} to="/" size="xl" {...TALL} variant="default">{link.data ? t("kiosk.backIn", { seconds: left }) : t("common.cancel")}</Button>
      </Group>
    </Stack>
  );
}
