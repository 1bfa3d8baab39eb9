import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { formatTime } from "../../../shared/format/dates";

type Telemetry = components["schemas"]["SessionTelemetry"];

/** The session's power and energy over time (the server averages a long session into buckets). */
export default function TelemetryChart({ telemetry }: { telemetry: Telemetry }) {
  const { t, i18n } = useTranslation();
  if (telemetry.points.length === 0) return <Text c="dimmed">{t("activity.noTelemetry")}</Text>;
  const data = telemetry.points.map((p) => ({ time: formatTime(p.timestamp, i18n.language), power: Math.round(p.puissance_w), energy: p.energie_kwh }));
  return (
    <Stack gap="xs">
      <div role="img" aria-label={t("activity.chart")}>
        <LineChart
          h={240}
          data={data}
          dataKey="time"
          withRightYAxis
          rightYAxisLabel={t("activity.energyAxis")}
          yAxisLabel={t("activity.power")}
          series={[
            { name: "power", label: t("activity.power"), color: "teal.6" },
            { name: "energy", label: t("activity.energyAxis"), color: "blue.6", yAxisId: "right" },
          ]}
          withLegend
          curveType="monotone"
          withDots={false}
        />
      </div>
      <Text size="xs" c="dimmed">
        {telemetry.downsampled && telemetry.bucket_seconds
          ? t("activity.downsampled", { samples: telemetry.sample_count, seconds: telemetry.bucket_seconds })
          : t("activity.samples", { samples: telemetry.sample_count })}
      </Text>
    </Stack>
  );
}
