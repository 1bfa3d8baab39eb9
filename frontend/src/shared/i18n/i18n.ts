import i18next, { type Resource } from "i18next";
import { initReactI18next } from "react-i18next";
import { common } from "./common";

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "borne.language";

function storedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(stored ?? "") ? (stored as Language) : "fr";
  } catch {
    return "fr";
  }
}

/** Every string an app shows comes from these catalogues: French by default, English complete. */
export function setupI18n(appResources: Record<Language, Record<string, unknown>>): typeof i18next {
  const resources: Resource = {};
  for (const lng of LANGUAGES) resources[lng] = { translation: { ...common[lng], ...appResources[lng] } };
  void i18next.use(initReactI18next).init({
    resources,
    lng: storedLanguage(),
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

/** The language the API is asked to answer in (`Accept-Language`). */
export function currentLanguage(): string {
  return i18next.language || "fr";
}

export function changeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
