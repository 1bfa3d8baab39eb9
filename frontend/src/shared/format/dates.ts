import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every date is shown in the network's zone, whatever the device's own zone is. */
export const DISPLAY_ZONE = "Europe/Paris";

/**
 * A wall-clock date and time in Europe/Paris as the ISO 8601 instant the API takes, offset included
 * (`2026-03-29T03:30:00+02:00`). A time that does not exist (the spring gap) moves forward by the
 * gap, as the clocks do; an ambiguous one (the autumn fold) is its first occurrence.
 */
export function parisToIso(date: string, time: string): string {
  return dayjs.tz(`${date}T${time}`, DISPLAY_ZONE).format();
}

/** The Paris wall-clock parts of an instant: `{ date: "2026-10-25", time: "02:30" }`. */
export function isoToParis(iso: string): { date: string; time: string } {
  const local = dayjs(iso).tz(DISPLAY_ZONE);
  return { date: local.format("YYYY-MM-DD"), time: local.format("HH:mm") };
}

/** The instant `minutes` after `iso`, in the API's form (durations are real minutes, DST included). */
export function addMinutes(iso: string, minutes: number): string {
  return dayjs(iso).add(minutes, "minute").tz(DISPLAY_ZONE).format();
}

/** Today's date in Paris, `YYYY-MM-DD`. */
export function parisToday(now: Date = new Date()): string {
  return dayjs(now).tz(DISPLAY_ZONE).format("YYYY-MM-DD");
}

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "fr-FR", { timeZone: DISPLAY_ZONE, ...options });
}

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return "—";
  return formatter(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatTime(iso: string | null | undefined, language: string): string {
  if (!iso) return "—";
  return formatter(language, { timeStyle: "short" }).format(new Date(iso));
}

/** "18 mars 2026, 14:00 – 15:30": one window, the end's date left out on the same day. */
export function formatWindow(startIso: string, endIso: string, language: string): string {
  const sameDay = isoToParis(startIso).date === isoToParis(endIso).date;
  return `${formatDateTime(startIso, language)} – ${sameDay ? formatTime(endIso, language) : formatDateTime(endIso, language)}`;
}

/** Seconds from now to `iso` (negative once it is past). */
export function secondsUntil(iso: string, now: number = Date.now()): number {
  return Math.round((new Date(iso).getTime() - now) / 1000);
}

/** "1 h 05" / "12 min" / "45 s" */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}
