import type { KioskDB, OutboxEvent } from "../db";

// Every decision the kiosk takes offline is an event kept in IndexedDB before anything else happens
// (before the bay is unlocked), sent to `terminal_offline_events` when the API answers, and removed only
// once the API has answered it (accepted, duplicate or conflict). A reload, a crash or a second outage
// loses nothing; an event sent but not yet removed is sent again, and the server stores it once
// (its `event_id` is unique per cabinet: the second answer is `duplicate`).

export type OutboxResult = "accepted" | "duplicate" | "conflict";
export const ANSWERED: readonly string[] = ["accepted", "duplicate", "conflict"];
/** The API takes at most `MAX_OFFLINE_EVENTS` (500) events in one batch; smaller batches answer sooner. */
export const OUTBOX_BATCH = 100;

export type SendBatch = (events: OutboxEvent[]) => Promise<{ event_id: string; result: string }[]>;

export function newEvent(kind: OutboxEvent["kind"], fields: Omit<OutboxEvent, "event_id" | "occurred_at" | "kind">, now = new Date()): OutboxEvent {
  return { event_id: crypto.randomUUID(), occurred_at: now.toISOString(), kind, ...fields };
}

export async function outboxAdd(db: KioskDB, event: OutboxEvent): Promise<void> {
  await db.put("outbox", event);
}

/** The events not answered yet, oldest first. */
export async function outboxPending(db: KioskDB): Promise<OutboxEvent[]> {
  return db.getAllFromIndex("outbox", "by_time");
}

export interface FlushReport {
  sent: number;
  answered: Partial<Record<OutboxResult, number>>;
}

/**
 * Sends what is pending, batch by batch, and removes each event the API answered. A failed send (the API
 * unreachable, a 5xx) leaves every event of that batch in place and stops: the next flush sends them again.
 */
export async function outboxFlush(db: KioskDB, send: SendBatch): Promise<FlushReport> {
  const report: FlushReport = { sent: 0, answered: {} };
  const pending = await outboxPending(db);
  for (let start = 0; start < pending.length; start += OUTBOX_BATCH) {
    const batch = pending.slice(start, start + OUTBOX_BATCH);
    const results = await send(batch);
    report.sent += batch.length;
    const ids = new Set(batch.map((e) => e.event_id));
    const tx = db.transaction("outbox", "readwrite");
    for (const { event_id, result } of results) {
      if (!ids.has(event_id) || !ANSWERED.includes(result)) continue;
      report.answered[result as OutboxResult] = (report.answered[result as OutboxResult] ?? 0) + 1;
      await tx.store.delete(event_id);
    }
    await tx.done;
  }
  return report;
}

/** One flush at a time in this page: a timer and a "back online" may both ask for one. */
export function serialFlush(flush: () => Promise<FlushReport>): () => Promise<FlushReport> {
  let running: Promise<FlushReport> | null = null;
  return () => {
    running ??= flush().finally(() => {
      running = null;
    });
    return running;
  };
}
