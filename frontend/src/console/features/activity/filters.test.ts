import { describe, expect, it } from "vitest";
import { exportFileName, exportQuery, listQuery } from "./filters";

describe("reservations and sessions: list and CSV parameters", () => {
  it("sends a reservation's state as `statut` and a session's as `charge_state`", () => {
    expect(listQuery("reservations", { scope: "upcoming", state: "confirmee", station: 2 }, 1)).toEqual({ scope: "upcoming", station: 2, statut: "confirmee", page: 1, page_size: 25 });
    expect(listQuery("sessions", { scope: "archived", state: "stopped", q: " R-12 " }, 2)).toEqual({ scope: "archived", q: "R-12", charge_state: "stopped", page: 2, page_size: 25 });
  });

  it("exports with the list's filters, without paging, as CSV", () => {
    expect(exportQuery("sessions", { scope: "active", station: 4, state: "charging" })).toEqual({ scope: "active", station: 4, charge_state: "charging", format: "csv" });
    expect(exportQuery("reservations", { scope: "archived", state: "", q: "" })).toEqual({ scope: "archived", format: "csv" });
  });

  it("names the file as the server says, or after the list and the day", () => {
    expect(exportFileName("sessions", 'attachment; filename="sessions_active_20261201.csv"')).toBe("sessions_active_20261201.csv");
    expect(exportFileName("reservations", null, new Date("2026-12-01T10:00:00Z"))).toBe("reservations_2026-12-01.csv");
  });
});
