import { Badge, Button, Group, LoadingOverlay, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Keypad } from "../../lib/Keypad";
import { useKiosk } from "../../lib/KioskContext";
import { opensAtLocally } from "../../lib/offline/cache";
import { openWith, type Method } from "../../lib/opening";
import { Refusal } from "../../lib/refusal";
import { RefusalAlert } from "../../lib/RefusalAlert";
import { TALL } from "../../lib/touch";
import { useWedge } from "../../lib/useWedge";

interface Refused {
  error?: unknown;
  localReason?: string;
  opensAt?: string | null;
}

/** The screen at rest: badge and QR readers listened to at all times, the code keypad, phone and badge linking. */
export default function IdlePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const kiosk = useKiosk();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Refused | null>(null);

  const present = useCallback(
    async (method: Method, value: string) => {
      setBusy(true);
      setRefused(null);
      try {
        const opening = await openWith({ method, value }, { terminalKey: kiosk.provisioning.terminalKey, broker: kiosk.broker });
        kiosk.offline.recorded();
        if (opening.kind === "online") navigate(`/session/${opening.session.id_session}`, { state: { bay: opening.session.emplacement_numero } });
        else if (opening.kind === "local") navigate("/opened-offline", { state: opening });
        else setRefused({ localReason: opening.reason });
      } catch (error) {
        const opensAt = error instanceof Refusal && error.code === "outside_window" ? await opensAtLocally(kiosk.provisioning.terminalKey, { method, value, emplacement_numero: null }).catch(() => null) : null;
        setRefused({ error, opensAt });
      } finally {
        setBusy(false);
        setCode("");
      }
    },
    [kiosk, navigate],
  );
  useWedge((reading) => void present(reading.method, reading.value), !busy);

  return (
    <Stack gap="lg" pos="relative">
      <LoadingOverlay visible={busy} loaderProps={{ children: <Text size="xl" fw={700}>{t("idle.checking")}</Text> }} />
      <Stack gap={4}>
        <Title order={2} size="h1">{t("idle.title")}</Title>
        <Text size="xl">{t("idle.present")}</Text>
      </Stack>
      <RefusalAlert error={refused?.error} localReason={refused?.localReason ?? null} opensAt={refused?.opensAt ?? null} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
        <Keypad label={t("idle.code")} value={code} onChange={(value) => { setCode(value); setRefused(null); }} onSubmit={() => void present("code", code)} submitLabel={t("idle.open")} busy={busy} />
        <Stack gap="md">
          <Button component={Link} to="/phone" size="xl" {...TALL} variant="light">{t("idle.phone")}</Button>
          <Button component={Link} to="/link-badge" size="xl" {...TALL} variant="default">{t("idle.linkBadge")}</Button>
          <Title order={3} mt="md">{t("idle.bays")}</Title>
          <Group gap="sm" data-testid="bays">
            {kiosk.cabinet.emplacements.map((bay) => (
              <Badge key={bay.numero} size="xl" variant="light" color={bay.statut === "disponible" ? "teal" : bay.statut === "maintenance" ? "orange" : "gray"}>
                {t("kiosk.bay", { numero: bay.numero })} · {t(`idle.bayStatus.${bay.statut}`)}
              </Badge>
            ))}
          </Group>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
