import { Stack, Tabs, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import { QueryState } from "../../../shared/ui/QueryState";
import { ReservationCard } from "./ReservationCard";
import "@mantine/core/styles/Tabs.css";

const UPCOMING = new Set(["en_attente", "confirmee", "active"]);

export default function ReservationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const opened = Number(params.get("open")) || null;
  const reservations = $api.useQuery("get", "/api/reservations/", {});

  return (
    <Stack>
      <Title order={1}>{t("reservations.title")}</Title>
      <QueryState query={reservations}>
        {(data) => {
          const all = listOf(data);
          const upcoming = all.filter((r) => r.statut && UPCOMING.has(r.statut)).sort((a, b) => a.date_debut.localeCompare(b.date_debut));
          const past = all.filter((r) => !r.statut || !UPCOMING.has(r.statut)).sort((a, b) => b.date_debut.localeCompare(a.date_debut));
          const list = (items: typeof all) =>
            items.length === 0 ? (
              <p>{t("reservations.none")}</p>
            ) : (
              <Stack mt="sm">
                {items.map((r) => (
                  <ReservationCard
                    key={r.id_reservation}
                    reservation={r}
                    accessOpen={opened === r.id_reservation}
                    onAccess={(open) => setParams(open ? { open: String(r.id_reservation) } : {}, { replace: true })}
                  />
                ))}
              </Stack>
            );
          return (
            <Tabs defaultValue="upcoming">
              <Tabs.List grow>
                <Tabs.Tab value="upcoming">{t("reservations.upcoming", { count: upcoming.length })}</Tabs.Tab>
                <Tabs.Tab value="past">{t("reservations.past")}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="upcoming">{list(upcoming)}</Tabs.Panel>
              <Tabs.Panel value="past">{list(past)}</Tabs.Panel>
            </Tabs>
          );
        }}
      </QueryState>
    </Stack>
  );
}
