import createClient, { type Middleware } from "openapi-fetch";
import createQueryHooks from "openapi-react-query";
import type { paths } from "./schema";

/**
 * A client typed by the generated schema, same origin as the pages, with the middlewares of one kind of
 * caller: the driver's and the console's user session (`client.ts`), or a kiosk's terminal key.
 */
export function createApi(...middlewares: Middleware[]) {
  const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
  for (const middleware of middlewares) api.use(middleware);
  /** TanStack Query hooks over the same client: `$api.useQuery("get", "/api/...")`. */
  const $api = createQueryHooks(api);
  return { api, $api };
}

export type ApiClient = ReturnType<typeof createApi>["api"];
export type ApiHooks = ReturnType<typeof createApi>["$api"];
