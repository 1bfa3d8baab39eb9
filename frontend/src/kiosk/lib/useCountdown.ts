import { useEffect, useState } from "react";

/** Calls `onDone` once `seconds` have passed while `enabled` (a screen that goes back to idle by itself); the seconds left. */
export function useAutoReturn(seconds: number, onDone: () => void, enabled = true): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (!enabled) return;
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        window.clearInterval(timer);
        onDone();
      }
    }, 250);
    return () => window.clearInterval(timer);
  }, [enabled, seconds, onDone]);
  return enabled ? left : seconds;
}
