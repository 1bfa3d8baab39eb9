import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { RUN_DIR } from "./paths";
import { systemUrl } from "./url";

// A real outage of the web server while the broker, the worker and the simulated devices run on:
// `manage.py run_dev` (started by global-setup) stops gunicorn on SIGUSR1 and starts it again on SIGUSR2.

function systemPid(): number {
  return Number(readFileSync(resolve(RUN_DIR, "system.pid"), "utf8"));
}

async function answers(): Promise<boolean> {
  try {
    return (await fetch(`${systemUrl()}/api/health/ready/`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the web server did not ${what} in time (see frontend/e2e/.system/system.log)`);
}

/** Whether the port refuses connections: the server is gone (not merely slow, nor shutting down). */
async function refused(): Promise<boolean> {
  try {
    await fetch(`${systemUrl()}/api/health/`, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
  }
}

/** Stops gunicorn and waits until its port refuses connections. */
export async function stopWebServer(): Promise<void> {
  process.kill(systemPid(), "SIGUSR1");
  await until(refused, "stop");
}

/** Starts gunicorn again and waits until it answers ready. */
export async function startWebServer(): Promise<void> {
  process.kill(systemPid(), "SIGUSR2");
  await until(answers, "start", 60_000);
}
