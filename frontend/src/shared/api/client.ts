import { currentLanguage } from "../i18n/i18n";
import { authMiddleware, cookieRefresh, sharedRefresh } from "./auth-middleware";
import { createApi } from "./createApi";
import { session } from "./session";

// The HTTP client of the apps a person signs in to: typed by the generated schema, same origin as the pages.
// Every request, the cookie refresh included, says the app's language (Accept-Language): the API answers in it.
export const refreshSession = sharedRefresh(cookieRefresh((input, init) => fetch(input, init), "", currentLanguage));

const user = createApi(authMiddleware({ refresh: refreshSession, language: currentLanguage, fetch: (input) => fetch(input) }));
export const api = user.api;

/** TanStack Query hooks over the same client: `$api.useQuery("get", "/api/...")`. */
export const $api = user.$api;

/** Ends the session on the server (refresh token revoked, cookie cleared), then in this tab. */
export async function logout(): Promise<void> {
  try {
    await api.POST("/api/auth/logout/");
  } finally {
    session.signOut();
  }
}
