/**
 * The text-collecting stream writes (engine/content-buffer.ts) against pdfkit's own `PDFReference.write`: the
 * same bytes in the same order, whatever is written. pdfkit makes each text chunk a buffer of one byte per
 * character (`Buffer.from(chunk + "\n", "binary")`); hyoka's sheets only write ASCII into streams, so the
 * rendered sheets of the contract could not tell a UTF-8 buffer (or text and bytes out of order) from the right
 * one. Here the chunks hold characters U+0080–U+00FF (what pdfkit writes for a standard font's `(…) Tj`),
 * binary chunks between them and more than a thousand strings in a row (the patch makes a buffer of them a
 * thousand at a time).
 */
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { installContentBuffer } from "../../src/render-pdf/engine/content-buffer.js";
import { pdfkitDocumentClass } from "../../src/render-pdf/engine/internals.js";

interface Reference {
  data: { Length?: number; Filter?: string };
  write(chunk: string | Uint8Array): void;
  end(): void;
}

interface Document {
  ref(data?: object): Reference;
  _write(data: string | Uint8Array): void;
}

const PDFDocument = pdfkitDocumentClass() as new (options: object) => Document;

/** The chunks written into one stream: text (some of it Latin-1) and bytes, in an order that mixes them. */
function chunks(): (string | Uint8Array)[] {
  const out: (string | Uint8Array)[] = [];
  for (let i = 0; i < 2500; i++) {
    out.push(i % 7 === 0 ? `BT /F1 9 Tf (caf\u00e9 \u00ff\u00a9 ${i}) Tj ET` : `${i} 0 0 1 0 0 cm`);
    if (i === 10 || i === 1500) out.push(new Uint8Array([0x00, 0x80, 0xe9, 0xff, 0x0a]));
  }
  return out;
}

/** pdfkit 0.19.1's `PDFReference.write`, chunk by chunk. */
function pdfkitBytes(written: (string | Uint8Array)[]): Buffer {
  return Buffer.concat(
    written.map((c) => (c instanceof Uint8Array ? Buffer.from(c) : Buffer.from(`${c}\n`, "binary"))),
  );
}

/** Writes `written` into a stream of a new document and returns the stream's bytes as the document writes them. */
function streamBytes(
  compress: boolean,
  written: (string | Uint8Array)[],
): { bytes: Buffer; length?: number } {
  installContentBuffer();
  const doc = new PDFDocument({ autoFirstPage: false, compress });
  const out: (string | Uint8Array)[] = [];
  const write = doc._write.bind(doc);
  doc._write = (data) => {
    out.push(data);
    write(data);
  };
  const ref = doc.ref();
  for (const c of written) ref.write(c);
  ref.end();
  const at = out.indexOf("stream");
  expect(at).toBeGreaterThan(0);
  return { bytes: Buffer.from(out[at + 1] as Uint8Array), length: ref.data.Length };
}

describe("content-buffer (streams written as text)", () => {
  it("writes the bytes pdfkit writes: one byte per character, text and binary chunks in order", () => {
    const written = chunks();
    const expected = pdfkitBytes(written);
    const { bytes, length } = streamBytes(false, written);
    expect(bytes.length).toBe(expected.length);
    expect(Buffer.compare(bytes, expected)).toBe(0);
    expect(length).toBe(expected.length);
  });

  it("compresses those same bytes", () => {
    const written = chunks();
    const { bytes } = streamBytes(true, written);
    expect(Buffer.compare(inflateSync(bytes), pdfkitBytes(written))).toBe(0);
  });
});
