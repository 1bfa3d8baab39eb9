import { Radio, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { QueryState } from "../../../shared/ui/QueryState";
import "@mantine/core/styles/InlineInput.css";
import "@mantine/core/styles/Radio.css";
import "@mantine/core/styles/RadioCard.css";
import "@mantine/core/styles/RadioIndicator.css";
import "@mantine/core/styles/SimpleGrid.css";

interface Props {
  stationId: number;
  dateDebut: string;
  durationMinutes: number;
  value: number | null;
  onChange: (bay: number) => void;
}

/** The station's bays for the chosen slot, grouped by cabinet; the taken ones cannot be chosen. */
export function BayPicker({ stationId, dateDebut, durationMinutes, value, onChange }: Props) {
  const { t } = useTranslation();
  const availability = $api.useQuery("get", "/api/stations/{id_station}/availability/", {
    params: { path: { id_station: stationId }, query: { date_debut: dateDebut, duration_minutes: durationMinutes } },
  }, { refetchInterval: 20_000 });

  return (
    <QueryState query={availability} isEmpty={(bays) => bays.length === 0} empty={t("booking.noBays")}>
      {(bays) => {
        const free = bays.filter((b) => b.available).length;
        return (
          <Radio.Group
            label={t("booking.bay")}
            description={free ? t("booking.freeBays", { count: free }) : t("booking.noneFree")}
            value={value === null ? null : String(value)}
            onChange={(v) => onChange(Number(v))}
          >
            <Stack gap="xs" mt="xs">
              {[...new Set(bays.map((b) => b.borne_nom))].map((borne) => (
                <Stack key={borne} gap={4} data-testid={`cabinet-${borne}`}>
                  <Text size="sm" c="dimmed">{borne}</Text>
                  <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="xs">
                    {bays.filter((b) => b.borne_nom === borne).map((b) => (
                      <Radio.Card key={b.id_emplacement} value={String(b.id_emplacement)} disabled={!b.available} p="sm" radius="md" withBorder>
                        <Text fw={600} c={b.available ? undefined : "dimmed"}>{t("booking.bayNumber", { numero: b.numero })}</Text>
                        <Text size="xs" c={b.available ? "teal.9" : "dimmed"}>{b.available ? t("booking.free") : t("booking.taken")}</Text>
                      </Radio.Card>
                    ))}
                  </SimpleGrid>
                </Stack>
              ))}
            </Stack>
          </Radio.Group>
        );
      }}
    </QueryState>
  );
}
