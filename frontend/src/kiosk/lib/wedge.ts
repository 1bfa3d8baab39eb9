// Badge readers and 2D scanners of cabinets act as keyboards: they type the UID or the token, then Enter,
// much faster than a person. This parser keeps what such a device types and hands it over on Enter.

/** A burst whose keys come further apart than this is a person at a keyboard, not a reader: it restarts. */
export const WEDGE_MAX_GAP_MS = 120;
/** Shorter input on Enter is a stray key, not a reading. */
export const WEDGE_MIN_LENGTH = 4;

export interface WedgeReading {
  method: "rfid" | "qr";
  value: string;
}

/** A QR token of a reservation is 32 hexadecimal characters; anything else a reader types is a badge UID. */
export function classifyReading(value: string): WedgeReading {
  const trimmed = value.trim();
  return /^[0-9a-f]{32}$/i.test(trimmed) ? { method: "qr", value: trimmed.toLowerCase() } : { method: "rfid", value: trimmed };
}

export class WedgeBuffer {
  private chars = "";
  private last = -Infinity;

  constructor(private readonly maxGapMs = WEDGE_MAX_GAP_MS, private readonly minLength = WEDGE_MIN_LENGTH) {}

  /** One key (`KeyboardEvent.key`) at `at` ms; the reading when this key ends one, else null. */
  push(key: string, at: number): WedgeReading | null {
    if (at - this.last > this.maxGapMs) this.chars = "";
    this.last = at;
    if (key === "Enter") {
      const value = this.chars;
      this.chars = "";
      return value.trim().length >= this.minLength ? classifyReading(value) : null;
    }
    if (key.length === 1) this.chars += key;
    return null;
  }

  reset(): void {
    this.chars = "";
    this.last = -Infinity;
  }
}
