export const stationsStrings = {
  fr: {
    stations: {
      title: "Stations",
      search: "Rechercher une station ou une ville",
      none: "Aucune station ne correspond à cette recherche.",
      capacity_one: "{{count}} borne · {{bays}} emplacements",
      capacity_other: "{{count}} bornes · {{bays}} emplacements",
      book: "Réserver",
      bookAt: "Réserver à {{name}}",
      map: "Carte des stations",
    },
  },
  en: {
    stations: {
      title: "Stations",
      search: "Search a station or a town",
      none: "No station matches this search.",
      capacity_one: "{{count}} cabinet · {{bays}} bays",
      capacity_other: "{{count}} cabinets · {{bays}} bays",
      book: "Book",
      bookAt: "Book at {{name}}",
      map: "Map of the stations",
    },
  },
};
