import { Alert, Button, Card, Center, Group, Image, Loader, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { formatDuration, secondsUntil } from "../../../shared/format/dates";
import { useNow } from "../../../shared/ui/useNow";
import { answered } from "../../lib/refusal";
import { RefusalAlert } from "../../lib/RefusalAlert";
import { kioskApi } from "../../lib/terminal";
import { TALL } from "../../lib/touch";

/** Phone pairing: the QR of a new pairing, its status polled, consumed once the driver authorized a booking. */
export default function PhonePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = useNow();
  const [qr, setQr] = useState<string | null>(null);
  const create = useMutation({ mutationFn: () => answered(kioskApi.POST("/api/terminal/mobile-sessions/")) });
  const pairing = create.data;
  const expired = !!pairing && secondsUntil(pairing.expires_at, now) <= 0;
  const status = useQuery({
    queryKey: ["pairing", pairing?.token],
    enabled: !!pairing && !expired,
    refetchInterval: 2_000,
    retry: false,
    queryFn: () => answered(kioskApi.GET("/api/terminal/mobile-sessions/{token}/", { params: { path: { token: pairing?.token ?? "" } } })),
  });
  const consume = useMutation({
    mutationFn: (token: string) => answered(kioskApi.POST("/api/terminal/mobile-sessions/{token}/consume/", { params: { path: { token } } })),
    onSuccess: (opened) => navigate(`/session/${opened.id_session}`, { state: { bay: opened.emplacement_numero } }),
  });

  const { mutate: start } = create;
  useEffect(() => start(), [start]);
  useEffect(() => {
    if (!pairing) return;
    void QRCode.toDataURL(pairing.qr_payload, { width: 320, margin: 2, errorCorrectionLevel: "M" }).then(setQr);
  }, [pairing]);
  const authorized = status.data?.status === "authorized";
  const { mutate: open, isIdle } = consume;
  useEffect(() => {
    if (authorized && pairing && isIdle) open(pairing.token);
  }, [authorized, pairing, isIdle, open]);
  const gone = expired || status.data?.status === "expired";

  return (
    <Stack gap="lg" maw={960} mx="auto">
      <Title order={2} size="h1">{t("phone.title")}</Title>
      <RefusalAlert error={create.error ?? consume.error ?? status.error} />
      {gone ? (
        <Alert color="orange" role="alert"><Text size="xl">{t("phone.expired")}</Text></Alert>
      ) : pairing && qr ? (
        <Group align="center" gap="xl" wrap="wrap" justify="center">
          <Card withBorder p="md" bg="white" w="100%" maw={352}>
            <Image src={qr} alt={t("phone.qrAlt")} w="100%" h="auto" fit="contain" data-testid="pairing-qr" data-payload={pairing.qr_payload} />
          </Card>
          <Stack maw={420}>
            <Text size="xl">{t("phone.scan")}</Text>
            <Text size="lg" fw={700}>{t("phone.expiresIn", { time: formatDuration(secondsUntil(pairing.expires_at, now)) })}</Text>
            <Group role="status">
              <Loader size="sm" />
              <Text size="lg">{authorized ? t("phone.authorized") : t("phone.waiting")}</Text>
            </Group>
          </Stack>
        </Group>
      ) : (
        !create.error && <Center py="xl"><Loader /></Center>
      )}
      <Group grow>
        {gone && <Button size="xl" {...TALL} onClick={() => start()}>{t("phone.again")}</Button>}
        <Button component={Link} to="/" size="xl" {...TALL} variant="default">{t("common.cancel")}</Button>
      </Group>
    </Stack>
  );
}
