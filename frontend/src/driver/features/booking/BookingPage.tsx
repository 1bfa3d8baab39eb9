import { Stack, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../../shared/api/schema";
import { AccessPanel } from "../../lib/AccessPanel";
import { BookingForm } from "./BookingForm";

type Reservation = components["schemas"]["Reservation"];

/** Book a bay: the slot, the bays free for it, the access mode; then the access itself. */
export default function BookingPage() {
  const { t } = useTranslation();
  const [booked, setBooked] = useState<Reservation | null>(null);
  return (
    <Stack>
      <Title order={1}>{booked ? t("booking.doneTitle") : t("booking.title")}</Title>
      {booked ? <AccessPanel reservation={booked} onAnother={() => setBooked(null)} /> : <BookingForm onBooked={setBooked} />}
    </Stack>
  );
}
