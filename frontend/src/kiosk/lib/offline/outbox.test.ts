// @vitest-environment node
import "fake-indexeddb/auto";
import { describe, expect, it, vi } from "vitest";
import { kioskDb } from "../db";
import { newEvent, outboxAdd, outboxFlush, outboxPending, serialFlush, type SendBatch } from "./outbox";

let n = 0;
const freshDb = () => kioskDb(`outbox-test-${n++}`);

function started(reference: string, minutesAgo: number) {
  return newEvent("session_started", { reference_code: reference, emplacement_numero: 1, method: "code" }, new Date(Date.now() - minutesAgo * 60_000));
}

describe("the offline outbox", () => {
  it("keeps events across a reopening of the database (a reload), oldest first", async () => {
    const name = `outbox-reload-${n++}`;
    const db = await kioskDb(name);
    await outboxAdd(db, started("LATER", 1));
    await outboxAdd(db, started("EARLIER", 5));
    db.close();
    const again = await kioskDb(name);
    expect((await outboxPending(again)).map((e) => e.reference_code)).toEqual(["EARLIER", "LATER"]);
  });

  it("removes each event once answered, whatever the answer", async () => {
    const db = await freshDb();
    const events = [started("A", 3), started("B", 2), started("C", 1)];
    for (const event of events) await outboxAdd(db, event);
    const send: SendBatch = async (batch) => batch.map((e, i) => ({ event_id: e.event_id, result: ["accepted", "duplicate", "conflict"][i] ?? "" }));
    const report = await outboxFlush(db, send);
    expect(report).toEqual({ sent: 3, answered: { accepted: 1, duplicate: 1, conflict: 1 } });
    expect(await outboxPending(db)).toEqual([]);
  });

  it("keeps everything when the API cannot be reached, and sends the same ids next time", async () => {
    const db = await freshDb();
    const event = started("A", 1);
    await outboxAdd(db, event);
    await expect(outboxFlush(db, () => Promise.reject(new TypeError("Failed to fetch")))).rejects.toThrow();
    expect(await outboxPending(db)).toEqual([event]);
    const send = vi.fn<SendBatch>(async (batch) => batch.map((e) => ({ event_id: e.event_id, result: "accepted" })));
    await outboxFlush(db, send);
    expect(send.mock.calls[0]?.[0]).toEqual([event]);
    expect(await outboxPending(db)).toEqual([]);
  });

  it("keeps an event the answer does not name", async () => {
    const db = await freshDb();
    const a = started("A", 2);
    const b = started("B", 1);
    await outboxAdd(db, a);
    await outboxAdd(db, b);
    await outboxFlush(db, async () => [{ event_id: a.event_id, result: "accepted" }, { event_id: "someone-else", result: "accepted" }]);
    expect(await outboxPending(db)).toEqual([b]);
  });

  it("sends in batches the API accepts", async () => {
    const db = await freshDb();
    for (let i = 0; i < 130; i++) await outboxAdd(db, started(`R${i}`, 200 - i));
    const sizes: number[] = [];
    await outboxFlush(db, async (batch) => {
      sizes.push(batch.length);
      return batch.map((e) => ({ event_id: e.event_id, result: "accepted" }));
    });
    expect(sizes).toEqual([100, 30]);
  });

  it("runs one flush at a time", async () => {
    let release: () => void = () => undefined;
    const flush = vi.fn(() => new Promise<{ sent: number; answered: object }>((resolve) => {
      release = () => resolve({ sent: 0, answered: {} });
    }));
    const serial = serialFlush(flush);
    const first = serial();
    const second = serial();
    expect(first).toBe(second);
    release();
    await first;
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
