import { isoToParis, parisToIso, parisToday } from "../../../shared/format/dates";

/** The durations the API allows by default (RESERVATION_ALLOWED_DURATIONS); it refuses any other. */
export const DURATIONS = [30, 60, 90, 120, 180, 240] as const;
export const NOW = "now";
const STEP_MINUTES = 15;

/**
 * The start times offered for a day, every quarter of an hour in Paris time; today they begin with
 * "now" and the next quarter. Days with a DST change have the times the clocks show (23 or 25 hours).
 */
export function startOptions(date: string, now: Date = new Date()): string[] {
  const today = parisToday(now);
  const options: string[] = date === today ? [NOW] : [];
  const nowMinutes = date === today ? minutesOf(isoToParis(now.toISOString()).time) : -1;
  for (let m = 0; m < 24 * 60; m += STEP_MINUTES) {
    if (m <= nowMinutes) continue;
    const time = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    // A wall-clock time skipped by the spring change does not exist that day.
    if (isoToParis(parisToIso(date, time)).time !== time) continue;
    options.push(time);
  }
  return options;
}

/** The instant a chosen start stands for: "now" is this minute. */
export function startInstant(date: string, start: string, now: Date = new Date()): string {
  if (start === NOW) {
    const { date: d, time } = isoToParis(now.toISOString());
    return parisToIso(d, time);
  }
  return parisToIso(date, start);
}

function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
