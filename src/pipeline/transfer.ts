/**
 * How a worker's outcome crosses to the main thread. A rendered sheet's files (a few hundred KB) are moved, not
 * copied: their ArrayBuffers go in the message's transfer list (piscina's `move` with its Transferable
 * interface), so the main thread receives the very memory the renderers filled and the worker's copy is
 * detached. Everything else in the outcome is cloned as usual.
 */
import { move, transferableSymbol, valueSymbol } from "piscina";
import type { OutputFile } from "../write/atomic.js";
import type { SheetOutcome } from "./process-sheet.js";

/**
 * Bytes that own their whole ArrayBuffer, as they are, or else a copy that does. Transferring a buffer moves all
 * of it: a view of part of a larger buffer (e.g. a small Buffer from Node's shared pool, which cannot be
 * transferred at all) would take the rest of that buffer along, so it is copied instead.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength)
    return bytes as Uint8Array<ArrayBuffer>;
  return new Uint8Array(bytes);
}

/**
 * The value a worker returns to piscina for `outcome`: for a rendered sheet, a movable wrapper whose files'
 * buffers are transferred (and detached here); any other outcome as it is. The worker must not touch the
 * files' bytes afterwards.
 */
export function transferOutcome(outcome: SheetOutcome): unknown {
  if (outcome.status !== "rendered") return outcome;
  const files: OutputFile[] = outcome.files.map((f) => ({ relPath: f.relPath, bytes: ownBuffer(f.bytes) }));
  // A buffer may appear once only in a transfer list (two files could share one).
  const buffers = [...new Set(files.map((f) => f.bytes.buffer as ArrayBuffer))];
  return move({ [transferableSymbol]: buffers, [valueSymbol]: { ...outcome, files } });
}

/** Bytes for the main thread, moved rather than copied. */
export function transferBytes(bytes: Uint8Array): unknown {
  const own = ownBuffer(bytes);
  return move({ [transferableSymbol]: [own.buffer], [valueSymbol]: own });
}
