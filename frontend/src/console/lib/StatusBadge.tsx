import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

// Colours whose light variant keeps a WCAG AA contrast (orange and yellow text on their tint does not).
const COLORS: Record<string, string> = {
  online: "teal", idle: "teal", charging: "blue", offline: "gray", error: "red", provisioned: "indigo",
  up_to_date: "teal", update_required: "violet", update_scheduled: "blue", updating: "blue", failed: "red", unknown: "gray",
  nouvelle: "red", active: "teal", prise_en_charge: "violet", resolue: "teal", fermee: "gray", closed: "gray",
  basse: "gray", moyenne: "indigo", haute: "red", critique: "red", critical: "red",
  actif: "teal", suspendu: "violet", archive: "gray", maintenance: "violet", inactive: "gray",
  disponible: "teal", reserve: "blue", occupe: "violet",
  planifiee: "blue", en_cours: "violet", realisee: "teal", annulee: "gray",
  en_attente: "indigo", confirmee: "blue", terminee: "gray",
  stopped: "gray", waiting_plug: "indigo", access_validated: "blue", stopping: "violet", reserved: "blue",
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
