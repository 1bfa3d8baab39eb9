import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { components } from "../../shared/api/schema";

type Status = components["schemas"]["ReservationStatusEnum"];

const COLORS: Record<Status, string> = {
  en_attente: "yellow",
  confirmee: "teal",
  active: "blue",
  terminee: "gray",
  annulee: "red",
};

export function ReservationStatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Badge color={COLORS[status]} variant="light">{t(`reservationStatus.${status}`)}</Badge>;
}
