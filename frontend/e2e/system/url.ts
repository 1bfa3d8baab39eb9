// Where the system under test listens: its own ports, so a `make run` beside it is not disturbed.
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 8765);
export const MQTT_PORT = Number(process.env.E2E_MQTT_PORT ?? 18884);
// The OCPP gateway beside them (run_dev starts it): derived from the web port, so one setting moves both.
export const OCPP_PORT = Number(process.env.E2E_OCPP_PORT ?? WEB_PORT + 10_000);

export function systemUrl(): string {
  return `http://127.0.0.1:${WEB_PORT}`;
}
