import { useCallback, useEffect, useMemo, useState } from "react";
import { kioskDb, readSetting, writeSetting } from "../db";
import { connectivity, useOnline } from "../connectivity";
import { answered } from "../refusal";
import { kioskApi } from "../terminal";
import { loadCache, refreshCache, type StoredCache } from "./cache";
import { outboxFlush, outboxPending, serialFlush } from "./outbox";
import type { BrokerAccess } from "./unlock";

export const CACHE_REFRESH_MS = 5 * 60_000;
export const FLUSH_EVERY_MS = 15_000;
export const PROBE_EVERY_MS = 5_000;

export interface OfflineState {
  online: boolean;
  cache: StoredCache | null;
  /** The kiosk's broker account, fetched while online and kept for the outages. */
  broker: BrokerAccess | null;
  /** Events decided offline and not answered by the API yet. */
  pending: number;
  /** After a local decision: count it, and send it as soon as the API answers. */
  recorded: () => void;
}

const flush = serialFlush(async () => {
  const db = await kioskDb();
  return outboxFlush(db, async (events) => (await answered(kioskApi.POST("/api/terminal/offline-events/", { body: { events } }))).results);
});

/**
 * The kiosk's offline upkeep while it runs: the cache fetched at start, every few minutes and whenever the
 * API answers again; the outbox sent then too; while the API is unreachable, a probe every few seconds.
 */
async function pendingCount(): Promise<number> {
  return (await outboxPending(await kioskDb())).length;
}

/** Sends the outbox, then fetches a fresh cache (or keeps the one in hand): what the status line shows after. */
async function loadBroker(): Promise<BrokerAccess | null> {
  return (await readSetting<BrokerAccess>(await kioskDb(), "broker")) ?? null;
}

async function refreshBroker(): Promise<BrokerAccess | null> {
  try {
    const broker = await answered(kioskApi.GET("/api/terminal/broker/"));
    await writeSetting(await kioskDb(), "broker", broker);
    return broker;
  } catch {
    return loadBroker();
  }
}

async function syncOnce(terminalKey: string): Promise<{ pending: number; cache: StoredCache | null; broker: BrokerAccess | null }> {
  try {
    await flush();
  } catch {
    // Unreachable again, or refused: the events stay and the next sync sends them.
  }
  let cache: StoredCache | null;
  try {
    cache = await refreshCache(terminalKey);
  } catch {
    cache = await loadCache();
  }
  return { pending: await pendingCount(), cache, broker: await refreshBroker() };
}

/**
 * The kiosk's offline upkeep while it runs: the cache fetched at start, every few minutes and whenever the
 * API answers again; the outbox sent then too; while the API is unreachable, a probe every few seconds.
 */
export function useOfflineSync(terminalKey: string): OfflineState {
  const online = useOnline();
  const [cache, setCache] = useState<StoredCache | null>(null);
  const [pending, setPending] = useState(0);
  const [broker, setBroker] = useState<BrokerAccess | null>(null);

  useEffect(() => {
    void Promise.all([loadCache(), pendingCount(), loadBroker()]).then(([stored, count, account]) => {
      setCache(stored);
      setPending(count);
      setBroker(account);
    });
  }, []);

  useEffect(() => {
    if (!online) return;
    const run = () =>
      void syncOnce(terminalKey).then((state) => {
        setCache(state.cache);
        setPending(state.pending);
        setBroker(state.broker);
      });
    run();
    const timer = window.setInterval(run, CACHE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [online, terminalKey]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!connectivity.online()) void kioskApi.GET("/api/health/").catch(() => undefined);
      else if (pending > 0) void flush().catch(() => undefined).then(pendingCount).then(setPending);
    }, online ? FLUSH_EVERY_MS : PROBE_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [online, pending]);

  const recorded = useCallback(() => {
    void pendingCount().then(setPending);
    if (connectivity.online()) void flush().catch(() => undefined).then(pendingCount).then(setPending);
  }, []);

  return useMemo(() => ({ online, cache, broker, pending, recorded }), [online, cache, broker, pending, recorded]);
}
