export const idleStrings = {
  fr: {
    idle: {
      title: "Bienvenue",
      present: "Présentez votre badge ou le QR code de votre réservation au lecteur, ou saisissez votre code.",
      code: "Code d’accès (8 chiffres)",
      open: "Ouvrir",
      checking: "Vérification…",
      phone: "Ouvrir avec mon téléphone",
      linkBadge: "Lier un nouveau badge",
      bays: "Emplacements de cette borne",
      bayStatus: { disponible: "Libre", reserve: "Réservé", occupe: "Occupé", maintenance: "En maintenance" },
    },
  },
  en: {
    idle: {
      title: "Welcome",
      present: "Show your badge or your booking's QR code to the reader, or type your code.",
      code: "Access code (8 digits)",
      open: "Open",
      checking: "Checking…",
      phone: "Open with my phone",
      linkBadge: "Link a new badge",
      bays: "Bays of this cabinet",
      bayStatus: { disponible: "Free", reserve: "Booked", occupe: "In use", maintenance: "Under maintenance" },
    },
  },
};
