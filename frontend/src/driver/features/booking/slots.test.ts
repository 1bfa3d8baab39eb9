import { describe, expect, it } from "vitest";
import { NOW, startInstant, startOptions } from "./slots";

describe("the start times offered", () => {
  it("begins today with now and the next quarter of an hour", () => {
    const now = new Date("2026-06-10T08:07:00Z"); // 10:07 in Paris
    const options = startOptions("2026-06-10", now);
    expect(options.slice(0, 3)).toEqual([NOW, "10:15", "10:30"]);
    expect(startInstant("2026-06-10", NOW, now)).toBe("2026-06-10T10:07:00+02:00");
  });

  it("offers a whole day ahead, without the hour the spring change skips", () => {
    const options = startOptions("2026-03-29", new Date("2026-03-20T12:00:00Z"));
    expect(options).not.toContain(NOW);
    expect(options).toContain("01:45");
    expect(options).not.toContain("02:00");
    expect(options).not.toContain("02:30");
    expect(options).toContain("03:00");
    expect(options).toHaveLength(92);
  });

  it("offers the autumn day's times once each", () => {
    const options = startOptions("2026-10-25", new Date("2026-10-20T12:00:00Z"));
    expect(options).toHaveLength(96);
    expect(startInstant("2026-10-25", "12:00")).toBe("2026-10-25T12:00:00+01:00");
  });
});
