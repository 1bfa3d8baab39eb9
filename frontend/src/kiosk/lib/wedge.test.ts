import { describe, expect, it } from "vitest";
import { classifyReading, WedgeBuffer } from "./wedge";

function typeAll(buffer: WedgeBuffer, text: string, start = 0, gap = 10) {
  let at = start;
  let result = null;
  for (const key of [...text.split(""), "Enter"]) {
    result = buffer.push(key, at);
    at += gap;
  }
  return result;
}

describe("the keyboard wedge", () => {
  it("hands over a badge UID typed fast and ended by Enter", () => {
    expect(typeAll(new WedgeBuffer(), "04:A1:3F:9A")).toEqual({ method: "rfid", value: "04:A1:3F:9A" });
  });

  it("tells a QR token (32 hex characters) from a badge", () => {
    expect(typeAll(new WedgeBuffer(), "0123456789abcdef0123456789ABCDEF")).toEqual({ method: "qr", value: "0123456789abcdef0123456789abcdef" });
    expect(classifyReading(" DEADBEEF ")).toEqual({ method: "rfid", value: "DEADBEEF" });
  });

  it("ignores a person typing slowly, and restarts after a pause", () => {
    const buffer = new WedgeBuffer();
    expect(typeAll(buffer, "ABCDEF", 0, 500)).toBeNull();
    buffer.push("X", 10_000);
    buffer.push("Y", 10_010);
    expect(typeAll(buffer, "04A13F9A", 20_000)).toEqual({ method: "rfid", value: "04A13F9A" });
  });

  it("drops a stray Enter or a reading too short to be one", () => {
    const buffer = new WedgeBuffer();
    expect(buffer.push("Enter", 0)).toBeNull();
    expect(typeAll(buffer, "12", 1000)).toBeNull();
  });

  it("keeps only printable keys (Shift, arrows are not part of a reading)", () => {
    const buffer = new WedgeBuffer();
    let at = 0;
    for (const key of ["Shift", "A", "B", "ArrowLeft", "C", "D"]) buffer.push(key, (at += 5));
    expect(buffer.push("Enter", at + 5)).toEqual({ method: "rfid", value: "ABCD" });
  });
});
