import { Group, Select, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { StationSelect } from "../../lib/StationSelect";

interface Props {
  scopes: readonly string[];
  states: readonly string[];
  scope: string;
  onScope: (value: string) => void;
  station: string | null;
  onStation: (value: string | null) => void;
  state: string | null;
  onState: (value: string | null) => void;
  q: string;
  onQ: (value: string) => void;
}

/** The filters the list and its CSV export share: period, station, state, free text. */
export function FilterBar(props: Props) {
  const { t } = useTranslation();
  return (
    <Group align="end" wrap="wrap">
      <Select label={t("activity.period")} data={props.scopes.map((s) => ({ value: s, label: t(`activity.${s}`) }))} value={props.scope} onChange={(v) => v && props.onScope(v)} allowDeselect={false} w={160} />
      <StationSelect value={props.station} onChange={props.onStation} />
      <Select label={t("activity.state")} data={props.states.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={props.state} onChange={props.onState} clearable placeholder={t("shell.all")} w={200} />
      <TextInput label={t("activity.search")} value={props.q} onChange={(e) => props.onQ(e.currentTarget.value)} />
    </Group>
  );
}
