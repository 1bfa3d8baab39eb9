import { Button, Chip, Group, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import "@mantine/dates/styles.css";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { parisToday } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { BayPicker } from "./BayPicker";
import { DURATIONS, NOW, startInstant, startOptions } from "./slots";
import "@mantine/core/styles/ScrollArea.css";
import "@mantine/core/styles/Popover.css";
import "@mantine/core/styles/Overlay.css";
import "@mantine/core/styles/ModalBase.css";
import "@mantine/core/styles/Chip.css";
import "@mantine/core/styles/Combobox.css";
import "@mantine/core/styles/Modal.css";

type Reservation = components["schemas"]["Reservation"];
type AuthChoice = components["schemas"]["ReservationAuthChoiceEnum"];
const HORIZON_DAYS = 30;

/** "30 min", "1 h", "1 h 30" */
function durationLabel(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest}` : `${hours} h`;
}

export function BookingForm({ onBooked }: { onBooked: (reservation: Reservation) => void }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [station, setStation] = useState<string | null>(params.get("station"));
  const [date, setDate] = useState<string>(parisToday());
  const [start, setStart] = useState<string>(NOW);
  const [duration, setDuration] = useState<string>("60");
  const [bay, setBay] = useState<number | null>(null);
  const [mode, setMode] = useState<AuthChoice>("code");

  const stations = $api.useQuery("get", "/api/stations/", {});
  const options = startOptions(date);
  const chosenStart = options.includes(start) ? start : (options[0] ?? NOW);
  const dateDebut = startInstant(date, chosenStart);
  const book = $api.useMutation("post", "/api/reservations/", { onSuccess: onBooked });

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (bay === null) return;
        book.mutate({ body: { emplacement: bay, date_debut: startInstant(date, chosenStart), duration_minutes: Number(duration), auth_choice: mode } });
      }}
    >
      <Stack>
        <Select
          label={t("booking.station")}
          placeholder={t("booking.pickStation")}
          searchable
          nothingFoundMessage={t("stations.none")}
          data={stations.data ? listOf(stations.data).map((s) => ({ value: String(s.id_station), label: s.nom })) : []}
          value={station}
          onChange={(value) => {
            setStation(value);
            setBay(null);
          }}
          error={stations.error ? t("errors.generic") : undefined}
        />
        <DatePickerInput
          label={t("booking.date")}
          value={date}
          onChange={(value) => {
            if (value) setDate(dayjs(value).format("YYYY-MM-DD"));
            setBay(null);
          }}
          minDate={parisToday()}
          maxDate={dayjs().add(HORIZON_DAYS, "day").format("YYYY-MM-DD")}
          valueFormat="dddd D MMMM YYYY"
        />
        <Select
          label={t("booking.start")}
          data={options.map((value) => ({ value, label: value === NOW ? t("booking.now") : value }))}
          value={chosenStart}
          onChange={(value) => {
            setStart(value ?? NOW);
            setBay(null);
          }}
          allowDeselect={false}
          maxDropdownHeight={260}
        />
        <Chip.Group
          value={duration}
          onChange={(value) => {
            setDuration(value);
            setBay(null);
          }}
        >
          <Stack gap={4} role="radiogroup" aria-labelledby="duration-label">
            <Text size="sm" fw={500} id="duration-label">{t("booking.duration")}</Text>
            <Group gap="xs">
              {DURATIONS.map((d) => (
                <Chip key={d} value={String(d)}>{durationLabel(d)}</Chip>
              ))}
            </Group>
          </Stack>
        </Chip.Group>
        {station && <BayPicker stationId={Number(station)} dateDebut={dateDebut} durationMinutes={Number(duration)} value={bay} onChange={setBay} />}
        <Stack gap={4}>
          <Text size="sm" fw={500} id="mode-label">{t("booking.mode")}</Text>
          <SegmentedControl
            aria-labelledby="mode-label"
            data={(["code", "qr", "rfid"] as const).map((value) => ({ value, label: t(`authMode.${value}`) }))}
            value={mode}
            onChange={(value) => setMode(value as AuthChoice)}
            fullWidth
          />
          <Text size="xs" c="dimmed">{t(`booking.modeHelp.${mode}`)}</Text>
        </Stack>
        <ProblemAlert error={book.error} />
        <Button type="submit" disabled={bay === null} loading={book.isPending}>{t("booking.confirm")}</Button>
      </Stack>
    </form>
  );
}
