import { describe, expect, it } from "vitest";
import { addMinutes, formatDateTime, formatWindow, isoToParis, parisToIso } from "./dates";

// 2026: summer time starts on Sunday 29 March at 02:00 (-> 03:00), ends on Sunday 25 October at 03:00 (-> 02:00).
describe("dates in Europe/Paris", () => {
  it("gives the API the right offset on each side of the spring change", () => {
    expect(parisToIso("2026-03-29", "01:30")).toBe("2026-03-29T01:30:00+01:00");
    expect(parisToIso("2026-03-29", "03:30")).toBe("2026-03-29T03:30:00+02:00");
  });

  it("gives the API the right offset on each side of the autumn change", () => {
    expect(parisToIso("2026-10-24", "12:00")).toBe("2026-10-24T12:00:00+02:00");
    expect(parisToIso("2026-10-25", "12:00")).toBe("2026-10-25T12:00:00+01:00");
  });

  it("moves a time skipped in spring forward by the gap", () => {
    expect(parisToIso("2026-03-29", "02:30")).toBe("2026-03-29T03:30:00+02:00");
  });

  it("counts a duration in real minutes across the change", () => {
    // 01:30 + 60 min in the spring night is 03:30 on the clock.
    expect(addMinutes("2026-03-29T01:30:00+01:00", 60)).toBe("2026-03-29T03:30:00+02:00");
    // 02:30 summer time + 60 min in the autumn night is 02:30 winter time.
    expect(addMinutes("2026-10-25T02:30:00+02:00", 60)).toBe("2026-10-25T02:30:00+01:00");
  });

  it("shows an instant in Paris whatever its offset and the device's zone", () => {
    expect(isoToParis("2026-10-25T01:30:00Z")).toEqual({ date: "2026-10-25", time: "02:30" });
    expect(isoToParis("2026-03-29T00:30:00Z")).toEqual({ date: "2026-03-29", time: "01:30" });
    expect(formatDateTime("2026-07-14T08:00:00Z", "fr")).toBe("14 juil. 2026, 10:00");
    expect(formatDateTime("2026-12-24T08:00:00Z", "en")).toBe("24 Dec 2026, 09:00");
  });

  it("writes a window on one day with the end's time only", () => {
    expect(formatWindow("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00", "fr")).toBe("29 mars 2026, 01:30 – 03:30");
  });
});
