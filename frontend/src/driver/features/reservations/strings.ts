export const reservationsStrings = {
  fr: {
    reservations: {
      title: "Mes réservations",
      upcoming: "À venir ({{count}})",
      past: "Passées",
      none: "Aucune réservation.",
      access: "Mon accès",
      accessTitle: "Accès à la borne",
      cancel: "Annuler",
      cancelTitle: "Annuler la réservation ?",
      cancelText: "La réservation {{code}} sera annulée et l’emplacement libéré.",
      keep: "La garder",
      cancelConfirm: "Oui, annuler",
    },
  },
  en: {
    reservations: {
      title: "My bookings",
      upcoming: "Upcoming ({{count}})",
      past: "Past",
      none: "No booking.",
      access: "My access",
      accessTitle: "Access to the cabinet",
      cancel: "Cancel",
      cancelTitle: "Cancel the booking?",
      cancelText: "Booking {{code}} will be cancelled and the bay released.",
      keep: "Keep it",
      cancelConfirm: "Yes, cancel",
    },
  },
};
