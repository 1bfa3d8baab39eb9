import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { MAIL_DIR } from "../system/paths";

/**
 * The newest e-mail the worker delivered to `to` (Django's file backend) that contains `containing` (drivers get
 * several: booking confirmations, receipts...), waiting for it if needed.
 */
export async function mailTo(to: string, containing: string | RegExp = "", timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const messages = readdirSync(MAIL_DIR)
      .map((name) => readFileSync(resolve(MAIL_DIR, name), "utf8"))
      .filter((text) => new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "m").test(text))
      .filter((text) => (typeof containing === "string" ? text.includes(containing) : containing.test(text)));
    if (messages.length) return messages[messages.length - 1] ?? "";
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no e-mail to ${to} within ${timeoutMs} ms`);
}
