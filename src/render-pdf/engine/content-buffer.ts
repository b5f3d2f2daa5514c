/**
 * pdfkit's PDF objects collect text as text. pdfkit turns every operator it writes into a page's content stream
 * into its own `Buffer` (`PDFReference.write`: `Buffer.from(chunk + "\n", "binary")`), thousands of small
 * buffers a page (7 500 for a full page, even with line-renderer.ts), and joins them when the object ends. hyoka keeps the text as strings and makes one buffer
 * of each run of them (a thousand strings at most, or up to a binary chunk, or to the end of the object): the
 * same bytes in the same order (the "binary" encoding writes one byte per character, so the lengths pdfkit
 * counts are the same), without the thousands of short-lived buffers.
 *
 * Why a patch of `PDFReference.prototype`: pdfkit creates its references itself (`doc.ref()`), and the class
 * is not exported; the prototype of a reference is the only seam.
 */

import zlib from "node:zlib";
import { pdfkitDocumentClass } from "./internals.js";

interface PdfReferenceLike {
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  buffer: Uint8Array[];
  [PENDING]?: string[];
  write(chunk: unknown): void;
  finalize(): void;
}

const PENDING = Symbol("hyoka.pendingText");

/**
 * zlib's levels for the PDF's streams, where pdfkit uses zlib's default (6). Font subsets (written as bytes):
 * level 4. Measured over 200 generated sheets in one thread: compression 4.15 → 3.20 ms a sheet, the PDFs 2.9 %
 * larger (21.62 → 22.25 MB); level 1 would have taken 2.6 ms, for PDFs 7.3 % larger. Page contents (written as
 * text), once each line was one `TJ` array: level 1, a third of level 4's time for a page (0.13 against 0.42 ms,
 * zlib on one generated page) and 1.2 kB more (7.8 against 6.6 kB; a sheet's PDF is some 100 kB); over 200
 * sheets the PDFs came out 1.4 % larger. Both with zlib's largest hash table (memory level 9, the default is 8):
 * fewer collisions in it, the same output sizes to 0.1 % (font subsets of 80 generated sheets: 38.97 against
 * 39.01 kB), and 0.3 ms less a sheet (1.97 → 1.69 ms for the subsets). The output is the same for the same input.
 */
const DEFLATE_LEVEL = 4;
const TEXT_DEFLATE_LEVEL = 1;
const DEFLATE_MEMORY_LEVEL = 9;
/** Set on a stream written as text (a page's contents). */
const TEXT = Symbol("hyoka.textStream");
const FLUSH_EVERY = 1024;

/** The strings written since the last buffer, as one buffer at the end of `buffer`. */
function flushText(ref: PdfReferenceLike): void {
  const pending = ref[PENDING];
  if (!pending || pending.length === 0) return;
  ref.buffer.push(Buffer.from(pending.join(""), "binary"));
  pending.length = 0;
}

/**
 * Bytes that every document writes the same (the ICC profile of PDF/A's output intent, archival.ts): a stream of
 * exactly one of these is compressed once per process, not once per document (the same bytes: zlib's output is
 * the same for the same input and settings).
 */
const CONSTANT = new WeakMap<Uint8Array, Buffer | undefined>();

/** Marks `bytes` (never to be changed) as written the same by every document: see {@link CONSTANT}. */
export function constantStream(bytes: Uint8Array): Uint8Array {
  if (!CONSTANT.has(bytes)) CONSTANT.set(bytes, undefined);
  return bytes;
}

function deflate(chunks: Uint8Array[], level: number): Buffer {
  return zlib.deflateSync(Buffer.concat(chunks), { level, memLevel: DEFLATE_MEMORY_LEVEL });
}

const INSTALLED = Symbol.for("hyoka.contentBuffer");

/** Installs the text-collecting `write` on pdfkit's references. Idempotent. */
export function installContentBuffer(): void {
  const PDFDocument = pdfkitDocumentClass() as new (options: object) => { ref(): object };
  const proto = Object.getPrototypeOf(new PDFDocument({ autoFirstPage: false }).ref()) as PdfReferenceLike & {
    [INSTALLED]?: true;
  };
  if (proto[INSTALLED]) return;
  const write = proto.write;
  const finalize = proto.finalize;
  proto.write = function collectingWrite(chunk) {
    if (chunk instanceof Uint8Array) {
      flushText(this);
      write.call(this, chunk);
      return;
    }
    // As pdfkit's write, for the text it would have made a buffer of.
    const text = `${chunk}\n`;
    let pending = this[PENDING];
    if (!pending) {
      pending = [];
      this[PENDING] = pending;
      (this as PdfReferenceLike & { [TEXT]?: true })[TEXT] = true;
    }
    pending.push(text);
    // A page holds thousands of operators: made into a buffer a thousand at a time, so they do not all stay
    // alive (and get copied by every young-generation collection) until the page ends.
    if (pending.length >= FLUSH_EVERY) flushText(this);
    this.uncompressedLength += text.length;
    if (this.data.Length == null) this.data.Length = 0;
    this.data.Length += text.length;
    if (this.compress) this.data.Filter = "FlateDecode";
  };
  proto.finalize = function flushingFinalize() {
    flushText(this);
    if (this.compress && this.buffer.length > 0) {
      // Compressed here; pdfkit's finalize then writes (and encrypts, if asked) these bytes.
      const level = (this as PdfReferenceLike & { [TEXT]?: true })[TEXT] ? TEXT_DEFLATE_LEVEL : DEFLATE_LEVEL;
      const only = this.buffer.length === 1 ? (this.buffer[0] as Uint8Array) : undefined;
      if (only && level === DEFLATE_LEVEL && CONSTANT.has(only)) {
        let deflated = CONSTANT.get(only);
        if (!deflated) {
          deflated = deflate(this.buffer, level);
          CONSTANT.set(only, deflated);
        }
        // pdfkit's finalize copies it (`Buffer.concat`) before writing: the cached bytes are never handed out.
        this.buffer = [deflated];
      } else this.buffer = [deflate(this.buffer, level)];
      this.compress = false;
    }
    finalize.call(this);
  };
  proto[INSTALLED] = true;
}
