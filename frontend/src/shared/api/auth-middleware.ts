import type { Middleware } from "openapi-fetch";
import { session } from "./session";

// Calls that must not trigger a refresh: the refresh itself, and the calls that create a session.
const NO_REFRESH = ["/api/auth/refresh/", "/api/auth/login/", "/api/auth/register/", "/api/auth/logout/"];

type RefreshFn = () => Promise<string | null>;

/**
 * One refresh shared by every caller that needs one at the same moment: concurrent 401s wait for the
 * same request to `refresh_token`, then retry with the new access token.
 */
export function sharedRefresh(refresh: RefreshFn): RefreshFn {
  let pending: Promise<string | null> | null = null;
  return () => {
    pending ??= refresh().finally(() => {
      pending = null;
    });
    return pending;
  };
}

/** POST /api/auth/refresh/ with the cookie (and the language); the new access token, or null (and signed out). */
export function cookieRefresh(fetchImpl: typeof fetch, baseUrl = "", language?: () => string): RefreshFn {
  return async () => {
    try {
      const headers: Record<string, string> = language ? { "Accept-Language": language() } : {};
      const response = await fetchImpl(`${baseUrl}/api/auth/refresh/`, { method: "POST", credentials: "same-origin", headers });
      if (response.ok) {
        const body = (await response.json()) as { access: string };
        session.signIn(body.access);
        return body.access;
      }
    } catch {
      // The network failed: the session is unknown rather than over, but this request cannot go on.
      return null;
    }
    session.signOut();
    return null;
  };
}

/**
 * openapi-fetch middleware: the bearer token and the language on every request; on a 401 one shared
 * refresh, then the request once more; a failed refresh signs the tab out.
 */
export function authMiddleware(options: { refresh: RefreshFn; language: () => string; fetch: typeof fetch }): Middleware {
  const originals = new Map<string, Request>();
  return {
    onRequest({ request, id }) {
      const token = session.token();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      request.headers.set("Accept-Language", options.language());
      originals.set(id, request.clone());
      return request;
    },
    async onResponse({ request, response, id }) {
      const original = originals.get(id);
      originals.delete(id);
      const path = new URL(request.url, "http://x").pathname;
      if (response.status !== 401 || !original || NO_REFRESH.includes(path)) return response;
      const token = await options.refresh();
      if (!token) return response;
      const retry = new Request(original, { headers: new Headers(original.headers) });
      retry.headers.set("Authorization", `Bearer ${token}`);
      return options.fetch(retry);
    },
    onError({ id }) {
      originals.delete(id);
    },
  };
}
