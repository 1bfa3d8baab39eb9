import { Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import { QueryState } from "../../../shared/ui/QueryState";
import { PageLoader } from "../../../shared/ui/PageLoader";

const StationsMap = lazy(() => import("./StationsMap"));

export default function StationsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const stations = $api.useQuery("get", "/api/stations/", { params: { query: q ? { q } : {} } });

  return (
    <Stack>
      <Title order={1}>{t("stations.title")}</Title>
      <TextInput label={t("stations.search")} type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      <QueryState query={stations} isEmpty={(data) => listOf(data).length === 0} empty={t("stations.none")}>
        {(data) => {
          const list = listOf(data);
          return (
            <Stack>
              <Suspense fallback={<PageLoader />}>
                <StationsMap stations={list} />
              </Suspense>
              {list.map((station) => {
                const bays = station.bornes.reduce((n, borne) => n + borne.emplacements.length, 0);
                return (
                  <Card withBorder key={station.id_station}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Stack gap={2}>
                        <Text fw={600} component="h2" size="lg" m={0}>{station.nom}</Text>
                        <Text size="sm" c="dimmed">{station.localisation_text}</Text>
                        <Text size="sm">{t("stations.capacity", { count: station.bornes.length, bays })}</Text>
                      </Stack>
                      <Button component={Link} to={`/book?station=${station.id_station}`} aria-label={t("stations.bookAt", { name: station.nom })}>
                        {t("stations.book")}
                      </Button>
                    </Group>
                  </Card>
                );
              })}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
