import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const PROJECT_ROOT = resolve(here, "../../..");
/** Everything the run writes: database, static files, mailbox, logs. Made anew by each run. */
export const RUN_DIR = resolve(here, "../.system");
export const MAIL_DIR = resolve(RUN_DIR, "mail");
export const PYTHON = process.env.E2E_PYTHON ?? resolve(PROJECT_ROOT, ".venv/bin/python");
