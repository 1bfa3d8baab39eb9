import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { systemEnv } from "./env";
import { MAIL_DIR, PROJECT_ROOT, PYTHON, RUN_DIR } from "./paths";
import { systemUrl, WEB_PORT } from "./url";

/**
 * Starts the whole system as `make run` does (manage.py run_dev: embedded broker, gunicorn, worker,
 * simulated devices) on a fresh SQLite database with the demo data, and waits until it is ready.
 */
export default async function globalSetup(): Promise<void> {
  // Developing the tests: `E2E_REUSE=1` runs them against a system already started by a previous run's setup.
  if (process.env.E2E_REUSE) return waitUntilReady(`${systemUrl()}/api/health/ready/`, 5_000);
  rmSync(RUN_DIR, { recursive: true, force: true });
  mkdirSync(MAIL_DIR, { recursive: true });
  const env = systemEnv();
  const manage = (...args: string[]) => execFileSync(PYTHON, ["manage.py", ...args], { cwd: PROJECT_ROOT, env, stdio: "inherit" });
  manage("migrate", "--noinput", "-v", "0");
  manage("createcachetable");
  manage("seed_demo");
  const log = openSync(resolve(RUN_DIR, "system.log"), "a");
  const system = spawn(PYTHON, ["manage.py", "run_dev", "--addr", `127.0.0.1:${WEB_PORT}`], {
    cwd: PROJECT_ROOT, env, stdio: ["ignore", log, log], detached: true,
  });
  writeFileSync(resolve(RUN_DIR, "system.pid"), String(system.pid));
  await waitUntilReady(`${systemUrl()}/api/health/ready/`, 180_000);
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The system did not become ready at ${url}: ${last} (see frontend/e2e/.system/system.log)`);
}
