import type { components } from "../../shared/api/schema";
import { kioskDb } from "./db";
import { decideLocally } from "./offline/cache";
import { newEvent, outboxAdd } from "./offline/outbox";
import { publishUnlock, type BrokerAccess } from "./offline/unlock";
import { answered, isUnreachable } from "./refusal";
import { kioskApi } from "./terminal";

export type Method = "rfid" | "qr" | "code";
export type OpenedOnline = components["schemas"]["TerminalSessionOpened"];

export type Opening =
  | { kind: "online"; session: OpenedOnline }
  /** Accepted by the kiosk itself: the event is in the outbox; `unlocked` says whether the broker took the command. */
  | { kind: "local"; reference_code: string; emplacement_numero: number; command_id: string; unlocked: boolean }
  | { kind: "refusedLocally"; reason: string };

/**
 * A credential presented at the kiosk: the API decides when it answers (its refusal is thrown as a
 * `Refusal`); when it cannot be reached, the kept offline cache decides, the decision is written to the
 * outbox first, then an accepted one unlocks the bay through the broker.
 */
export async function openWith(
  credential: { method: Method; value: string; emplacement_numero?: number | null },
  kiosk: { terminalKey: string; broker: BrokerAccess | null },
): Promise<Opening> {
  try {
    const session = await answered(kioskApi.POST("/api/terminal/authenticate/", { body: { method: credential.method, value: credential.value, emplacement_numero: credential.emplacement_numero ?? null } }));
    return { kind: "online", session };
  } catch (error) {
    if (!isUnreachable(error)) throw error;
  }
  const decision = await decideLocally(kiosk.terminalKey, {
    method: credential.method, value: credential.value, emplacement_numero: credential.emplacement_numero ?? null, now: new Date(),
  });
  const db = await kioskDb();
  if (!decision.accepted || !decision.entry) {
    await outboxAdd(db, newEvent("auth_refused", { method: credential.method, reason: decision.reason ?? "refused" }));
    return { kind: "refusedLocally", reason: decision.reason ?? "refused" };
  }
  const command_id = crypto.randomUUID();
  const bay = decision.entry.emplacement_numero;
  await outboxAdd(db, newEvent("session_started", { reference_code: decision.entry.reference_code, emplacement_numero: bay, method: credential.method, command_id }));
  let unlocked = false;
  if (kiosk.broker) {
    try {
      await publishUnlock(kiosk.broker, bay, command_id);
      unlocked = true;
    } catch {
      unlocked = false;
    }
  }
  return { kind: "local", reference_code: decision.entry.reference_code, emplacement_numero: bay, command_id, unlocked };
}
