import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import type { components } from "../../../shared/api/schema";
import { formatDuration, formatTime, secondsUntil } from "../../../shared/format/dates";
import { PageLoader } from "../../../shared/ui/PageLoader";
import { useNow } from "../../../shared/ui/useNow";
import { answered } from "../../lib/refusal";
import { RefusalAlert } from "../../lib/RefusalAlert";
import { $kiosk, kioskApi } from "../../lib/terminal";
import { TALL } from "../../lib/touch";
import { useAutoReturn } from "../../lib/useCountdown";

type Session = components["schemas"]["KioskSession"];
const DONE = ["stopped", "error"];
export const SUMMARY_SECONDS = 30;

/** The session just opened, followed live: plug in (with the time left), charging, stop, the summary. */
export default function SessionPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const query = $kiosk.useQuery("get", "/api/terminal/sessions/{id_session}/", { params: { path: { id_session: id } } }, {
    refetchInterval: (q) => (q.state.data && DONE.includes(q.state.data.charge_state) ? false : 2_000),
    retry: false,
  });
  const stop = useMutation({
    mutationFn: () => answered(kioskApi.POST("/api/terminal/sessions/{id_session}/stop/", { params: { path: { id_session: id } } })),
    onSuccess: () => void query.refetch(),
  });
  const idle = useCallback(() => navigate("/"), [navigate]);
  const done = !!query.data && DONE.includes(query.data.charge_state);
  const left = useAutoReturn(SUMMARY_SECONDS, idle, done);

  const failure: unknown = query.error;
  if (!query.data) return query.isError ? <Stack><RefusalAlert error={failure} /><Button size="xl" onClick={idle}>{t("kiosk.backToIdle")}</Button></Stack> : <PageLoader />;
  const session = query.data;
  return (
    <Stack gap="lg" maw={960} mx="auto" data-testid="session" data-state={session.charge_state}>
      <Group justify="space-between">
        <Title order={2} size="h1">{t("session.opened", { numero: session.emplacement_numero })}</Title>
        <Badge size="xl" color={session.charge_state === "error" ? "red" : "teal"}>{t(`chargeState.${session.charge_state}`)}</Badge>
      </Group>
      <Text c="dimmed">{t("session.reference", { reference: session.reference_code })}</Text>
      {query.isError && <Alert color="orange" role="status">{t("session.lost")}</Alert>}
      <SessionBody session={session} />
      <RefusalAlert error={stop.error} />
      {(session.charge_state === "charging" || session.charge_state === "waiting_plug" || session.charge_state === "access_validated") && (
        <Button size="xl" {...TALL} mih={88} color="red" onClick={() => stop.mutate()} loading={stop.isPending}>{t("session.stop")}</Button>
      )}
      {done && <Button size="xl" {...TALL} variant="default" onClick={idle}>{t("kiosk.backIn", { seconds: left })}</Button>}
    </Stack>
  );
}

function Figures({ session, now }: { session: Session; now: number }) {
  const { t } = useTranslation();
  const end = session.end_time ? Date.parse(session.end_time) : now;
  const figure = (label: string, value: string, testId: string) => (
    <Card withBorder p="lg">
      <Text size="lg" c="dimmed">{label}</Text>
      <Text fz={{ base: 28, sm: 34 }} fw={700} style={{ whiteSpace: "nowrap" }} data-testid={testId}>{value}</Text>
    </Card>
  );
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }}>
      {figure(t("session.power"), t("session.kw", { value: (session.puissance_kw ?? 0).toFixed(1) }), "power")}
      {figure(t("session.energy"), t("session.kwh", { value: (session.energie_kwh ?? 0).toFixed(2) }), "energy")}
      {figure(t("session.duration"), formatDuration((end - Date.parse(session.start_time)) / 1000), "duration")}
    </SimpleGrid>
  );
}

function SessionBody({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  switch (session.charge_state) {
    case "access_validated":
    case "waiting_plug": {
      const left = session.plug_deadline ? secondsUntil(session.plug_deadline, now) : null;
      return (
        <Card withBorder p="xl" bg="teal.0">
          <Title order={3} size="h2">{t("session.plugIn")}</Title>
          {left !== null && <Text size="xl" mt="sm" data-testid="plug-left">{left > 0 ? t("session.plugLeft", { time: formatDuration(left) }) : t("session.plugLate")}</Text>}
        </Card>
      );
    }
    case "charging":
      return (
        <Stack>
          <Title order={3} size="h2">{t("session.charging")}</Title>
          <Figures session={session} now={now} />
          <Text size="lg">{t("session.endsAt", { time: formatTime(session.date_fin, i18n.language) })}</Text>
        </Stack>
      );
    case "stopping":
      return <Alert color="blue" role="status"><Text size="xl">{t("session.stopping")}</Text></Alert>;
    case "stopped":
      return (
        <Stack>
          <Title order={3} size="h2">{t("session.summary")}</Title>
          <Figures session={session} now={now} />
          <Text size="xl">{t("session.thanks")}</Text>
        </Stack>
      );
    default:
      return (
        <Alert color="red" role="alert" title={t("session.error")}>
          <Text size="lg">{session.error_reason}</Text>
        </Alert>
      );
  }
}
