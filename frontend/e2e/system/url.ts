// Where the system under test listens: its own ports, so a `make run` beside it is not disturbed.
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 8765);
export const MQTT_PORT = Number(process.env.E2E_MQTT_PORT ?? 18884);

export function systemUrl(): string {
  return `http://127.0.0.1:${WEB_PORT}`;
}
