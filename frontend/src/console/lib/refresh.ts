import type { QueryClient } from "@tanstack/react-query";

/**
 * After a write: every list and detail is read again, but not who the actor is (their profile and
 * assignments do not change with the console's writes; reading them again would only repeat the
 * technician probe's 403 for staff).
 */
export function refreshData(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => query.queryKey[0] !== "console" && query.queryKey[1] !== "/api/auth/me/",
  });
}
