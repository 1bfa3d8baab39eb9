import createClient from "openapi-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { authMiddleware, cookieRefresh, sharedRefresh } from "./auth-middleware";
import type { paths } from "./schema";
import { session } from "./session";

// A tiny in-memory server standing in for Django: /api/auth/me/ wants the current token,
// /api/auth/refresh/ hands out the next one (or refuses).
function fakeServer(options: { refreshOk: boolean; refreshDelayMs?: number }) {
  const calls = { refresh: 0, me: 0, headers: [] as (string | null)[], refreshLanguages: [] as (string | null)[] };
  let current = "token-1";
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const path = new URL(request.url).pathname;
    if (path === "/api/auth/refresh/") {
      calls.refresh += 1;
      calls.refreshLanguages.push(request.headers.get("Accept-Language"));
      await new Promise((r) => setTimeout(r, options.refreshDelayMs ?? 5));
      if (!options.refreshOk) return Response.json({ detail: "expired", code: "token_not_valid" }, { status: 401 });
      current = `token-${calls.refresh + 1}`;
      return Response.json({ access: current });
    }
    calls.me += 1;
    calls.headers.push(request.headers.get("Authorization"));
    if (request.headers.get("Authorization") !== `Bearer ${current}`) return Response.json({ detail: "no" }, { status: 401 });
    return Response.json({ pseudo: "pilote1", lang: request.headers.get("Accept-Language") });
  };
  return { fetchImpl, calls, expire: () => (current = "rotated-elsewhere") };
}

function clientFor(server: ReturnType<typeof fakeServer>) {
  const refresh = sharedRefresh(cookieRefresh(server.fetchImpl, "http://test", () => "en"));
  const client = createClient<paths>({ baseUrl: "http://test", fetch: server.fetchImpl });
  client.use(authMiddleware({ refresh, language: () => "en", fetch: server.fetchImpl }));
  return client;
}

afterEach(() => session.signOut());

describe("auth middleware", () => {
  it("sends the bearer token and the language", async () => {
    const server = fakeServer({ refreshOk: true });
    session.signIn("token-1");
    const { data } = await clientFor(server).GET("/api/auth/me/");
    expect(data).toMatchObject({ pseudo: "pilote1", lang: "en" });
    expect(server.calls.headers).toEqual(["Bearer token-1"]);
    expect(server.calls.refresh).toBe(0);
  });

  it("makes one refresh for concurrent 401s, then retries each request once", async () => {
    const server = fakeServer({ refreshOk: true, refreshDelayMs: 30 });
    session.signIn("stale");
    const client = clientFor(server);
    const answers = await Promise.all([client.GET("/api/auth/me/"), client.GET("/api/auth/me/"), client.GET("/api/auth/me/")]);
    expect(server.calls.refresh).toBe(1);
    expect(server.calls.refreshLanguages).toEqual(["en"]);
    expect(answers.every((a) => a.response.status === 200)).toBe(true);
    expect(session.token()).toBe("token-2");
    expect(session.status()).toBe("authenticated");
  });

  it("signs out when the refresh fails, and answers the 401", async () => {
    const server = fakeServer({ refreshOk: false });
    session.signIn("stale");
    const client = clientFor(server);
    const [a, b] = await Promise.all([client.GET("/api/auth/me/"), client.GET("/api/auth/me/")]);
    expect(server.calls.refresh).toBe(1);
    expect(a.response.status).toBe(401);
    expect(b.response.status).toBe(401);
    expect(session.status()).toBe("anonymous");
    expect(session.token()).toBeNull();
  });

  it("never refreshes for the login call itself", async () => {
    const server = fakeServer({ refreshOk: true });
    const client = clientFor(server);
    await client.POST("/api/auth/login/", { body: { pseudo: "x", password: "y" } });
    expect(server.calls.refresh).toBe(0);
  });

  it("starts a new refresh once the previous one is over", async () => {
    const server = fakeServer({ refreshOk: true });
    session.signIn("stale");
    const client = clientFor(server);
    await client.GET("/api/auth/me/");
    server.expire();
    await client.GET("/api/auth/me/");
    expect(server.calls.refresh).toBe(2);
  });
});
