export const pairingStrings = {
  fr: {
    pairing: {
      title: "Ouvrir avec mon téléphone",
      kiosk: "Borne {{borne}}, station {{station}}. Choisissez la réservation à ouvrir :",
      noneUsable: "Aucune de vos réservations n’est utilisable à cette borne maintenant.",
      open: "Ouvrir cette réservation",
      doneTitle: "C’est parti",
      done: "La borne ouvre votre emplacement. Vous pouvez ranger votre téléphone.",
      expired: "Ce QR code a expiré. Demandez-en un nouveau sur l’écran de la borne.",
    },
  },
  en: {
    pairing: {
      title: "Open with my phone",
      kiosk: "Cabinet {{borne}}, station {{station}}. Choose the booking to open:",
      noneUsable: "None of your bookings can be used at this cabinet now.",
      open: "Open this booking",
      doneTitle: "All set",
      done: "The cabinet is opening your bay. You can put your phone away.",
      expired: "This QR code has expired. Ask for a new one on the cabinet's screen.",
    },
  },
};
