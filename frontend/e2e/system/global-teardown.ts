import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { RUN_DIR } from "./paths";

/** Stops the system like Ctrl-C does: SIGINT to its process group, which stops every child cleanly. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_REUSE || process.env.E2E_KEEP) return;
  const pid = Number(readFileSync(resolve(RUN_DIR, "system.pid"), "utf8"));
  if (!pid) return;
  try {
    process.kill(-pid, "SIGINT");
  } catch {
    return;
  }
  for (let i = 0; i < 40; i++) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.kill(-pid, "SIGKILL");
}
