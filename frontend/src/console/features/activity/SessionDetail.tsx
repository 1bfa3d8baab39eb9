import { Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { lazy, Suspense, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { formatDateTime } from "../../../shared/format/dates";
import { PageLoader } from "../../../shared/ui/PageLoader";
import { QueryState } from "../../../shared/ui/QueryState";
import { StatusBadge } from "../../lib/StatusBadge";
import { useTelemetry } from "./useActivity";

const TelemetryChart = lazy(() => import("./TelemetryChart"));
type Session = components["schemas"]["AdminSession"];

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{value}</Text>
    </Stack>
  );
}

/** One session: where, when, how much, and its telemetry as a chart. */
export function SessionDetail({ session, onClose }: { session: Session; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const telemetry = useTelemetry(session.id_session);
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t("activity.session", { code: session.reference_code })} size="xl">
      <QueryState query={telemetry}>
        {(data) => (
          <Stack>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
              <Field label={t("activity.place")} value={t("activity.placeOf", { station: data.session.station_nom, borne: data.session.borne_numero, bay: data.session.emplacement_numero })} />
              <Field label={t("activity.state")} value={<StatusBadge value={data.session.charge_state} />} />
              <Field label={t("activity.energy")} value={data.session.energie_kwh === null ? "—" : t("activity.kwh", { value: data.session.energie_kwh.toLocaleString(i18n.language, { maximumFractionDigits: 3 }) })} />
              <Field label={t("activity.start")} value={formatDateTime(data.session.start_time, i18n.language)} />
              <Field label={t("activity.end")} value={formatDateTime(data.session.end_time, i18n.language)} />
              <Field label={t("activity.maxCurrent")} value={data.session.max_courant === null ? "—" : `${data.session.max_courant} A`} />
              {data.session.error_reason && <Field label={t("activity.errorReason")} value={data.session.error_reason} />}
            </SimpleGrid>
            <Text fw={600}>{t("activity.telemetry")}</Text>
            <Suspense fallback={<PageLoader />}>
              <TelemetryChart telemetry={data} />
            </Suspense>
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}
