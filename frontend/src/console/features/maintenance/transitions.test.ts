import { describe, expect, it } from "vitest";
import { nextStatuses } from "./transitions";

describe("maintenance transitions offered", () => {
  it("follows the API's map", () => {
    expect(nextStatuses("planifiee")).toEqual(["en_cours", "realisee", "annulee"]);
    expect(nextStatuses("en_cours")).toContain("realisee");
    expect(nextStatuses("annulee")).toEqual(["planifiee"]);
  });

  it("offers nothing after a maintenance is done", () => {
    expect(nextStatuses("realisee")).toEqual([]);
  });

  it("reads a missing status as planned (the API's default)", () => {
    expect(nextStatuses(undefined)).toEqual(nextStatuses("planifiee"));
  });
});
