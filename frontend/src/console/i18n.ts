export const consoleStrings = {
  fr: { console: { title: "Console d’exploitation", notYet: "La console n’est pas encore disponible dans cette version : utilisez l’administration Django (/admin/)." } },
  en: { console: { title: "Operations console", notYet: "The console is not available in this version yet: use the Django admin (/admin/)." } },
};
