import { useEffect, useRef } from "react";
import { WedgeBuffer, type WedgeReading } from "./wedge";

/**
 * Listens to the whole page for what a badge reader or a 2D scanner types (UID or token, then Enter) while
 * `enabled`; a key typed into a field (the keypad, the setup form) is left to that field.
 */
export function useWedge(onReading: (reading: WedgeReading) => void, enabled = true): void {
  const callback = useRef(onReading);
  useEffect(() => {
    callback.current = onReading;
  }, [onReading]);
  useEffect(() => {
    if (!enabled) return;
    const buffer = new WedgeBuffer();
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
      const reading = buffer.push(event.key, event.timeStamp || performance.now());
      if (reading) {
        event.preventDefault();
        callback.current(reading);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
