import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

const COLORS: Record<string, string> = {
  online: "teal", idle: "teal", charging: "blue", offline: "gray", error: "red", provisioned: "yellow",
  up_to_date: "teal", update_required: "orange", update_scheduled: "blue", updating: "blue", failed: "red", unknown: "gray",
  nouvelle: "red", active: "teal", prise_en_charge: "orange", resolue: "teal", fermee: "gray", closed: "gray",
  basse: "gray", moyenne: "yellow", haute: "orange", critique: "red", critical: "red",
  actif: "teal", suspendu: "orange", archive: "gray", maintenance: "orange", inactive: "gray",
  disponible: "teal", reserve: "blue", occupe: "orange",
  planifiee: "blue", en_cours: "orange", realisee: "teal", annulee: "gray",
  en_attente: "yellow", confirmee: "blue", terminee: "gray",
  stopped: "gray", waiting_plug: "yellow", access_validated: "blue", stopping: "orange", reserved: "blue",
};

/** A status, severity or role in words, coloured by what it means. */
export function StatusBadge({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  if (!value) return null;
  return (
    <Badge color={COLORS[value] ?? "gray"} variant="light" style={{ textTransform: "none" }}>
      {t(`status.${value}`, { defaultValue: value })}
    </Badge>
  );
}
