/** A rendered sheet's bytes cross to the main thread moved, not copied; everything arrives intact. */
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { transferableSymbol, valueSymbol } from "piscina";
import { describe, expect, it } from "vitest";
import type { RenderedSheet, SheetResult } from "../../src/pipeline/process-sheet.js";
import { transferOutcome } from "../../src/pipeline/transfer.js";

type Moved = { [transferableSymbol]: ArrayBuffer[]; [valueSymbol]: RenderedSheet };

/** Sends a value as piscina's worker does: the wrapped value, with the wrapper's transfer list. */
function send(moved: Moved): RenderedSheet {
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(moved[valueSymbol], moved[transferableSymbol]);
    return receiveMessageOnPort(port2)?.message as RenderedSheet;
  } finally {
    port1.close();
  }
}

function sheet(files: RenderedSheet["files"]): RenderedSheet {
  return {
    file: "a.json",
    status: "rendered",
    files,
    outputs: [],
    pages: 2,
    diagnostics: [],
    timings: { pdf: 3 },
    durationMs: 4,
  };
}

describe("transferOutcome", () => {
  it("moves buffers a file owns whole, and copies a view of part of a larger buffer", () => {
    const pdf = Buffer.alloc(100_000, 1); // owns its buffer
    const pool = new Uint8Array(64).fill(2);
    const part = pool.subarray(8, 24); // a view of part of another buffer
    const moved = transferOutcome(
      sheet([
        { relPath: "2013/a.pdf", bytes: pdf },
        { relPath: "2013/a.xlsx", bytes: part },
      ]),
    ) as Moved;
    expect(moved[transferableSymbol]).toHaveLength(2);
    expect(moved[transferableSymbol][0]).toBe(pdf.buffer);
    expect(moved[transferableSymbol][1]).not.toBe(pool.buffer);

    const received = send(moved);
    expect(received.status).toBe("rendered");
    expect(received.timings).toEqual({ pdf: 3 });
    expect(received.files.map((f) => f.relPath)).toEqual(["2013/a.pdf", "2013/a.xlsx"]);
    expect(Buffer.from(received.files[0]?.bytes ?? []).equals(Buffer.alloc(100_000, 1))).toBe(true);
    expect([...(received.files[1]?.bytes ?? [])]).toEqual(new Array(16).fill(2));
    // Moved, not copied: the sender's buffer is detached; the larger buffer the view was part of is untouched.
    expect(pdf.buffer.byteLength).toBe(0);
    expect(pool.byteLength).toBe(64);
  });

  it("lists a buffer shared by two files once", () => {
    const bytes = new Uint8Array(10).fill(5);
    const moved = transferOutcome(
      sheet([
        { relPath: "x.pdf", bytes },
        { relPath: "x.xlsx", bytes },
      ]),
    ) as Moved;
    expect(moved[transferableSymbol]).toEqual([bytes.buffer]);
    const received = send(moved);
    expect([...(received.files[1]?.bytes ?? [])]).toEqual(new Array(10).fill(5));
  });

  it("leaves any other outcome as it is", () => {
    const failed: SheetResult = {
      file: "a.json",
      status: "failed",
      outputs: [],
      diagnostics: [],
      timings: {},
      durationMs: 0,
    };
    expect(transferOutcome(failed)).toBe(failed);
  });
});
