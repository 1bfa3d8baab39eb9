import { describe, expect, it } from "vitest";
import { cleanFilters, idOrUndefined, pageCount, pageOf, pageQuery } from "./query";

describe("filters as query parameters", () => {
  it("leaves out what says nothing and trims text", () => {
    expect(cleanFilters({ station: 3, severity: "", status: null, q: "  ana ", scope: undefined, is_staff: false })).toEqual({ station: 3, q: "ana", is_staff: false });
  });

  it("always asks a page, never below the first", () => {
    expect(pageQuery({ station: 2, severity: "haute" }, 3)).toEqual({ station: 2, severity: "haute", page: 3, page_size: 25 });
    expect(pageQuery({}, 0, 10)).toEqual({ page: 1, page_size: 10 });
  });

  it("reads a select's value as an id", () => {
    expect(idOrUndefined("12")).toBe(12);
    expect(idOrUndefined("")).toBeUndefined();
    expect(idOrUndefined(null)).toBeUndefined();
    expect(idOrUndefined("x")).toBeUndefined();
    expect(idOrUndefined("-1")).toBeUndefined();
  });

  it("counts pages and reads a page or an array", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(26)).toBe(2);
    expect(pageOf({ results: [1, 2], count: 40 })).toEqual({ rows: [1, 2], count: 40 });
    expect(pageOf([1, 2, 3])).toEqual({ rows: [1, 2, 3], count: 3 });
  });
});
