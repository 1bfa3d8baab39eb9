import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatTime } from "../../shared/format/dates";
import { useNow } from "../../shared/ui/useNow";
import { useKiosk } from "./KioskContext";

/** Plainly: online or not, when the offline cache was fetched and until when it holds, what waits to be sent. */
export function StatusLine() {
  const { t, i18n } = useTranslation();
  const { offline } = useKiosk();
  const now = useNow(10_000);
  const cache = offline.cache;
  const holds = cache ? Date.parse(cache.document.valid_until) > now : false;
  return (
    <Group gap="sm" wrap="wrap" role="status" aria-live="polite" data-testid="status-line">
      <Badge size="lg" color={offline.online ? "teal" : "red"} variant="filled" data-testid="connectivity">
        {offline.online ? t("kiosk.status.online") : t("kiosk.status.offlineBadge")}
      </Badge>
      {!offline.online && <Text fw={700} c="red.9">{holds ? t("kiosk.status.offline") : t("kiosk.status.offlineNoCache")}</Text>}
      <Text size="sm" c="dimmed" data-testid="cache-status" data-fetched-at={cache?.fetchedAt}>
        {!cache
          ? t("kiosk.status.noCache")
          : holds
            ? t("kiosk.status.cache", { fetched: formatDateTime(cache.fetchedAt, i18n.language), until: formatTime(cache.document.valid_until, i18n.language) })
            : t("kiosk.status.cacheExpired", { until: formatDateTime(cache.document.valid_until, i18n.language) })}
      </Text>
      {offline.pending > 0 && <Text size="sm" fw={600} data-testid="pending">{t("kiosk.status.pending", { count: offline.pending })}</Text>}
    </Group>
  );
}
