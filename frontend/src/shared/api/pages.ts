/** A list endpoint answers an array, or a page `{count, next, previous, results}` when asked for one. */
export function listOf<T>(data: T[] | { results: T[] }): T[] {
  return Array.isArray(data) ? data : data.results;
}
