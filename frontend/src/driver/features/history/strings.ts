export const historyStrings = {
  fr: {
    history: {
      title: "Historique d’accès",
      none: "Aucune tentative d’accès pour l’instant.",
      when: "Quand",
      where: "Borne",
      result: "Résultat",
      results: { accepted: "Acceptée", refused: "Refusée" },
      reasons: {
        credential_not_found: "Identifiant inconnu",
        credential_used: "Code déjà utilisé",
        outside_window: "Hors du créneau réservé",
        reservation_not_confirmed: "Réservation non confirmée",
        session_already_open: "Session déjà ouverte",
        bay_in_use: "Emplacement occupé",
        wrong_bay: "Mauvais emplacement",
        device_unavailable: "Emplacement hors service",
        rate_limited: "Trop de tentatives",
      },
    },
  },
  en: {
    history: {
      title: "Access history",
      none: "No access attempt yet.",
      when: "When",
      where: "Cabinet",
      result: "Result",
      results: { accepted: "Accepted", refused: "Refused" },
      reasons: {
        credential_not_found: "Unknown credential",
        credential_used: "Code already used",
        outside_window: "Outside the booked slot",
        reservation_not_confirmed: "Booking not confirmed",
        session_already_open: "Session already open",
        bay_in_use: "Bay in use",
        wrong_bay: "Wrong bay",
        device_unavailable: "Bay out of order",
        rate_limited: "Too many attempts",
      },
    },
  },
};
