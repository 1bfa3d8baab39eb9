import { describe, expect, it } from "vitest";
import { alertAction, canActOnAlert, canAdminister, consoleRole, visibleAreas, type Actor } from "./permissions";

const staff: Actor = { pseudo: "admin", isStaff: true, isTechnician: false, stationRoles: {} };
const technician: Actor = { pseudo: "tech", isStaff: false, isTechnician: true, stationRoles: { 1: "referent", 2: "observateur", 3: "intervenant" } };
const driver: Actor = { pseudo: "pilote1", isStaff: false, isTechnician: false, stationRoles: {} };

describe("the console's roles", () => {
  it("gives staff every screen and the writes", () => {
    expect(consoleRole(staff)).toBe("staff");
    expect(visibleAreas(staff)).toContain("users");
    expect(visibleAreas(staff)).toContain("network");
    expect(canAdminister(staff)).toBe(true);
  });

  it("limits a technician to supervision, maintenance and their stations' activity, without administration", () => {
    expect(consoleRole(technician)).toBe("technician");
    expect(visibleAreas(technician)).toEqual(["supervision", "maintenance", "activity"]);
    expect(canAdminister(technician)).toBe(false);
  });

  it("tells a driver the console is not for them", () => {
    expect(consoleRole(driver)).toBe("none");
    expect(visibleAreas(driver)).toEqual([]);
  });

  it("lets a referent or an intervenant act on their stations' alerts, not an observer nor another station", () => {
    expect(canActOnAlert(technician, 1)).toBe(true);
    expect(canActOnAlert(technician, 3)).toBe(true);
    expect(canActOnAlert(technician, 2)).toBe(false);
    expect(canActOnAlert(technician, 9)).toBe(false);
    expect(canActOnAlert(technician, null)).toBe(false);
  });

  it("does not offer staff who are not technicians the alert actions the API keeps to technicians", () => {
    expect(canActOnAlert(staff, 1)).toBe(false);
    expect(canActOnAlert({ ...staff, isTechnician: true, stationRoles: { 1: "intervenant" } }, 1)).toBe(true);
  });

  it("offers the next step of an alert's lifecycle only", () => {
    expect(alertAction(technician, { station: 1, status: "nouvelle" })).toBe("acknowledge");
    expect(alertAction(technician, { station: 1, status: "active" })).toBe("acknowledge");
    expect(alertAction(technician, { station: 1, status: "prise_en_charge" })).toBe("resolve");
    expect(alertAction(technician, { station: 1, status: "resolue" })).toBeNull();
    expect(alertAction(technician, { station: 2, status: "nouvelle" })).toBeNull();
  });
});
