import { request, type APIRequestContext } from "@playwright/test";
import { systemUrl } from "../system/url";

export const DEMO_PASSWORD = "Demo-Recharge-2026!";

/** A signed-in API client (the kiosk's and the operator's halves of a flow go through the API). */
export async function apiAs(pseudo: string, password = DEMO_PASSWORD): Promise<{ api: APIRequestContext; token: string }> {
  const anonymous = await request.newContext({ baseURL: systemUrl() });
  const login = await anonymous.post("/api/auth/login/", { data: { pseudo, password } });
  if (!login.ok()) throw new Error(`login ${pseudo}: ${login.status()} ${await login.text()}`);
  const { access } = (await login.json()) as { access: string };
  await anonymous.dispose();
  const api = await request.newContext({ baseURL: systemUrl(), extraHTTPHeaders: { Authorization: `Bearer ${access}` } });
  return { api, token: access };
}

/** A kiosk of a demo cabinet: its terminal key, issued by the operator through the API. */
export async function kioskOf(borneName: string): Promise<{ kiosk: APIRequestContext; borneId: number }> {
  const { api } = await apiAs("admin");
  const bornes = (await (await api.get("/api/admin/bornes/")).json()) as { id_borne: number; nom: string }[];
  const borne = bornes.find((b) => b.nom === borneName);
  if (!borne) throw new Error(`no cabinet ${borneName}`);
  const issued = await api.post(`/api/admin/bornes/${borne.id_borne}/terminal-key/`);
  if (!issued.ok()) throw new Error(`terminal key: ${issued.status()} ${await issued.text()}`);
  const { terminal_key } = (await issued.json()) as { terminal_key: string };
  await api.dispose();
  const kiosk = await request.newContext({ baseURL: systemUrl(), extraHTTPHeaders: { Authorization: `Terminal ${terminal_key}` } });
  return { kiosk, borneId: borne.id_borne };
}
