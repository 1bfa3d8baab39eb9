import { resolve } from "node:path";
import { MAIL_DIR, RUN_DIR } from "./paths";
import { MQTT_PORT, OCPP_PORT, WEB_PORT } from "./url";

/** A production-like environment (DEBUG off) on the embedded defaults, in a directory of its own. */
export function systemEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Whatever the developer's shell points at, the system under test uses its own database and broker.
  delete env.DATABASE_URL;
  delete env.MQTT_URL;
  return {
    ...env,
    DOTENV_DISABLED: "true",
    DEBUG: "false",
    SECRET_KEY: "e2e-secret-key-not-for-production-0123456789abcdefghijklmnop",
    CREDENTIAL_PEPPER: "e2e-pepper",
    ALLOWED_HOSTS: "127.0.0.1,localhost",
    DATABASE_URL: `sqlite:///${resolve(RUN_DIR, "db.sqlite3")}`,
    STATIC_ROOT: resolve(RUN_DIR, "static"),
    EMBEDDED_MQTT_PORT: String(MQTT_PORT),
    OCPP_LISTEN: `127.0.0.1:${OCPP_PORT}`,
    SECURE_SSL_REDIRECT: "false",
    SECURE_HSTS_SECONDS: "0",
    REFRESH_COOKIE_SECURE: "false",
    THROTTLING: "false",
    PUBLIC_BASE_URL: `http://127.0.0.1:${WEB_PORT}`,
    EMAIL_BACKEND: "django.core.mail.backends.filebased.EmailBackend",
    EMAIL_FILE_PATH: MAIL_DIR,
    SMS_BACKEND: "console",
    LOG_LEVEL: "WARNING",
    PYTHONUNBUFFERED: "1",
  };
}
