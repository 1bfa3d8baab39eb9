import createClient from "openapi-fetch";
import createQueryHooks from "openapi-react-query";
import { currentLanguage } from "../i18n/i18n";
import { authMiddleware, cookieRefresh, sharedRefresh } from "./auth-middleware";
import type { paths } from "./schema";
import { session } from "./session";

// The only HTTP client of the apps: typed by the generated schema, same origin as the pages. Every request,
// the cookie refresh included, says the app's language (Accept-Language): the API answers in it.
export const refreshSession = sharedRefresh(cookieRefresh((input, init) => fetch(input, init), "", currentLanguage));

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(authMiddleware({ refresh: refreshSession, language: currentLanguage, fetch: (input) => fetch(input) }));

/** TanStack Query hooks over the same client: `$api.useQuery("get", "/api/...")`. */
export const $api = createQueryHooks(api);

/** Ends the session on the server (refresh token revoked, cookie cleared), then in this tab. */
export async function logout(): Promise<void> {
  try {
    await api.POST("/api/auth/logout/");
  } finally {
    session.signOut();
  }
}
