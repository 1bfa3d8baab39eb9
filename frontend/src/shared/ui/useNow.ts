import { useInterval } from "@mantine/hooks";
import { useState } from "react";

/** The current time, re-read every `everyMs`: countdowns and durations that tick on screen. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), everyMs, { autoInvoke: true });
  return now;
}
