// Filters of the console's lists as the API's query parameters: empty choices are left out, numbers sent
// as numbers, and a list is always asked as a page.
export const PAGE_SIZE = 25;

export type FilterValues = Record<string, string | number | boolean | null | undefined>;

/** The filters that say something (no empty string, null or undefined), in the API's types. */
export function cleanFilters<T extends FilterValues>(filters: T): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null) continue;
    if (typeof value === "string" && value.trim() === "") continue;
    out[key] = typeof value === "string" ? value.trim() : value;
  }
  return out as Partial<{ [K in keyof T]: NonNullable<T[K]> }>;
}

/** A page of a filtered list: the filters plus `page` and `page_size`. */
export function pageQuery<T extends FilterValues>(filters: T, page: number, pageSize = PAGE_SIZE) {
  return { ...cleanFilters(filters), page: Math.max(1, page), page_size: pageSize };
}

/** A select's value (a string) as the id the API takes, or undefined for "all". */
export function idOrUndefined(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** How many pages a count makes. */
export function pageCount(count: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** The rows and count of a list the API answered as a page (or as a plain array). */
export function pageOf<T>(data: T[] | { results: T[]; count: number }): { rows: T[]; count: number } {
  return Array.isArray(data) ? { rows: data, count: data.length } : { rows: data.results, count: data.count };
}
