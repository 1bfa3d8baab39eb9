import type { Middleware } from "openapi-fetch";
import { createApi } from "../../shared/api/createApi";
import { currentLanguage } from "../../shared/i18n/i18n";
import { connectivity } from "./connectivity";

// The kiosk's client: every request carries the cabinet's terminal key (`Authorization: Terminal <key>`),
// never a person's token. The key lives in IndexedDB (provisioning.ts) and, for the page, here.
let key: string | null = null;

export const terminalKey = {
  get: (): string | null => key,
  set(value: string | null): void {
    key = value;
  },
};

/** The terminal key and the language on every request; each answer (or its absence) tells whether the API is reachable. */
export function terminalMiddleware(options: { key: () => string | null; language: () => string }): Middleware {
  return {
    onRequest({ request }) {
      const value = options.key();
      // A key being checked at setup comes with its own header.
      if (value && !request.headers.has("Authorization")) request.headers.set("Authorization", `Terminal ${value}`);
      request.headers.set("Accept-Language", options.language());
      return request;
    },
    onResponse({ response }) {
      if (response.status === 502 || response.status === 503 || response.status === 504) connectivity.unreachable();
      else connectivity.reachable();
      return response;
    },
    onError() {
      connectivity.unreachable();
    },
  };
}

export const { api: kioskApi, $api: $kiosk } = createApi(terminalMiddleware({ key: terminalKey.get, language: currentLanguage }));
