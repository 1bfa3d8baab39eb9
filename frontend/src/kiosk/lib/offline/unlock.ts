// A bay opened by the kiosk itself while the API cannot be reached: the device's `unlock` command
// (device-protocol.md) published over MQTT/WebSocket to the cabinet's broker with the kiosk's own
// credentials (its ACL lets it write its cabinet's `cmd` topics only), under a command id the kiosk makes.

import type { components } from "../../../shared/api/schema";

/** `terminal_broker`: where the broker is, the kiosk's user and password, and each bay's `cmd` topic. */
export type BrokerAccess = components["schemas"]["KioskBroker"];

export const UNLOCK_TTL_SECONDS = 30;

export function unlockCommand(commandId: string, now = new Date()) {
  return { command_id: commandId, action: "unlock", issued_at: now.toISOString(), ttl_s: UNLOCK_TTL_SECONDS, session_id: null, params: {} };
}

/** Connects, publishes the command (QoS 1: the broker has it once this resolves), disconnects. */
export async function publishUnlock(access: BrokerAccess, bay: number, commandId: string): Promise<void> {
  const topic = access.bays.find((b) => b.numero === bay)?.cmd;
  if (!access.url || !topic) throw new Error(`no broker topic for bay ${bay}`);
  const { default: mqtt } = await import("mqtt");
  const client = await mqtt.connectAsync(access.url, {
    username: access.username,
    password: access.password,
    clientId: `kiosk-${commandId.slice(0, 8)}`,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    clean: true,
  });
  try {
    await client.publishAsync(topic, JSON.stringify(unlockCommand(commandId)), { qos: 1, retain: false });
  } finally {
    await client.endAsync();
  }
}
