export const kioskStrings = {
  fr: { kiosk: { title: "Écran de borne", notYet: "L’écran de borne n’est pas encore disponible dans cette version." } },
  en: { kiosk: { title: "Cabinet screen", notYet: "The cabinet screen is not available in this version yet." } },
};
