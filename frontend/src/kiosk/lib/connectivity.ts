import { useSyncExternalStore } from "react";

// Whether the API answers, as the kiosk's own requests find out (a fetch that fails, a 502/503/504 from a
// proxy in front of a stopped server). `navigator.onLine` is not enough: the network may be up while the
// server is down.
let online = true;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (value === online) return;
  online = value;
  for (const listener of listeners) listener();
}

export const connectivity = {
  online: (): boolean => online,
  reachable: (): void => set(true),
  unreachable: (): void => set(false),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useOnline(): boolean {
  return useSyncExternalStore(connectivity.subscribe, connectivity.online);
}
