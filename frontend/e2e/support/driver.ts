import { expect, type Page } from "@playwright/test";

export const NEW_PASSWORD = "Nouveau-Mot-De-Passe-2026!";

/** A driver who does not exist yet: unique names for each run. */
export function newDriver() {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  return { pseudo: `conducteur${id}`, email: `conducteur${id}@exemple.fr`, password: "Recharge-Facile-2026!" };
}

export async function register(page: Page, driver: ReturnType<typeof newDriver>): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Pseudo").fill(driver.pseudo);
  await page.getByLabel("Adresse e-mail").fill(driver.email);
  await page.getByLabel(/^Mot de passe/).fill(driver.password);
  await page.getByLabel(/conditions générales/).check();
  await page.getByLabel(/politique de confidentialité/).check();
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("heading", { name: "Accueil", level: 1 })).toBeVisible();
}

export async function login(page: Page, pseudo: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Pseudo ou adresse e-mail").fill(pseudo);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

/** Opens the menu where it is a drawer (phones), then follows one of its links. */
export async function navigate(page: Page, name: string): Promise<void> {
  const burger = page.getByRole("button", { name: "Menu" });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole("navigation").getByRole("link", { name }).click();
}

/** The day `daysAhead` from today in the booking screen's calendar (the next month shown if needed). */
export async function pickDay(page: Page, daysAhead: number): Promise<void> {
  await page.getByRole("button", { name: "Jour" }).click();
  const target = new Date(Date.now() + daysAhead * 86_400_000);
  const paris = (options: Intl.DateTimeFormatOptions, date: Date) => new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", ...options }).format(date);
  const label = paris({ day: "numeric", month: "long", year: "numeric" }, target);
  // The calendar opens on this month: the next one only when the day is in it (decided, not guessed from
  // what is on screen while the dropdown is still opening).
  if (paris({ month: "numeric" }, target) !== paris({ month: "numeric" }, new Date())) {
    await page.locator("[data-direction='next']").first().click();
  }
  await page.getByRole("button", { name: label, exact: true }).click();
}

/** Fills the booking screen: station, day, start ("Maintenant" or HH:mm), duration, a bay of a cabinet, mode. */
export async function fillBooking(
  page: Page,
  options: { station: string; start: string; duration: string; cabinet: string; bay?: string; mode: string; daysAhead?: number },
): Promise<void> {
  await page.goto("/book");
  await page.getByLabel("Station", { exact: true }).first().click();
  await page.getByRole("option", { name: options.station }).click();
  if (options.daysAhead) await pickDay(page, options.daysAhead);
  await page.getByLabel("Heure de début", { exact: true }).first().click();
  await page.getByRole("option", { name: options.start, exact: true }).click();
  await page.locator("label.mantine-Chip-label", { hasText: new RegExp(`^${options.duration}$`) }).click();
  const cabinet = page.getByTestId(`cabinet-${options.cabinet}`);
  const bay = options.bay ? cabinet.getByRole("radio", { name: new RegExp(`^${options.bay}\\b`) }) : cabinet.locator("[role=radio]:not([disabled])").first();
  await bay.click();
  await page.locator("label.mantine-SegmentedControl-label", { hasText: new RegExp(`^${options.mode}$`) }).click();
}
