import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { $api } from "../../shared/api/client";
import { listOf } from "../../shared/api/pages";
import { useActor } from "./actor";

interface Props {
  value: string | null;
  onChange: (value: string | null) => void;
  label?: string;
  /** Offer "all stations" (filters) rather than require one (forms). */
  allowAll?: boolean;
  error?: string;
}

/** The stations an actor may choose: the network for staff, their assigned stations for a technician. */
export function StationSelect({ value, onChange, label, allowAll = true, error }: Props) {
  const { t } = useTranslation();
  const actor = useActor();
  const stations = $api.useQuery("get", "/api/admin/stations/", {}, { enabled: actor.isStaff });
  const assignments = $api.useQuery("get", "/api/technician/assignments/", {}, { enabled: !actor.isStaff });
  const options = actor.isStaff
    ? listOf(stations.data ?? []).map((s) => ({ value: String(s.id_station), label: s.nom }))
    : listOf(assignments.data ?? []).map((a) => ({ value: String(a.station), label: a.station_nom }));
  return (
    <Select
      label={label ?? t("shell.station")}
      data={options}
      value={value}
      onChange={onChange}
      clearable={allowAll}
      placeholder={allowAll ? t("shell.all") : undefined}
      searchable
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
