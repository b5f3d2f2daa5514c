/**
 * Reads the associated files of a PDF (`/AF` of the catalog, PDF/A-3), for `hyoka extract`. A small reader of
 * the PDF syntax hyoka writes: a classic cross-reference table (followed through `/Prev` for a file updated
 * incrementally), objects read at their offsets, streams uncompressed (`/FlateDecode`) with a size limit. A file
 * whose cross-reference table cannot be read (a cross-reference stream, as some programs write when they save
 * a PDF again) is read by finding its objects (`N G obj`) instead; objects inside object streams are not read.
 *
 * The PDF is untrusted input: every read is bounded (the file's size by the caller, nesting depth, the
 * uncompressed size of a stream), and each attachment is checked against its recorded size and MD5 checksum.
 */
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";

export type PdfValue =
  | number
  | boolean
  | null
  | PdfName
  | PdfString
  | PdfRef
  | PdfValue[]
  | PdfDict
  | PdfStream;

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfString {
  constructor(readonly bytes: Buffer) {}
  /** As a PDF text string: UTF-16BE with its byte-order mark, else PDFDocEncoding (read as Latin-1). */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      const swapped = Buffer.from(b.subarray(2));
      swapped.swap16();
      return swapped.toString("utf16le");
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
      return b.subarray(3).toString("utf8");
    return b.toString("latin1");
  }
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class PdfDict {
  constructor(readonly entries: Map<string, PdfValue>) {}
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
}
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly raw: Buffer,
  ) {}
}

/** A problem with the PDF, said to the user. */
export class PdfReadError extends Error {}

const MAX_DEPTH = 64;
/** No attached source is larger: a sheet is at most 1 MiB; a margin for other files. */
export const MAX_ATTACHMENT_BYTES = 64 * 2 ** 20;

const isWhite = (c: number) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number) =>
  c === 0x28 ||
  c === 0x29 ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x7b ||
  c === 0x7d ||
  c === 0x2f ||
  c === 0x25;

class Parser {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
  ) {}

  private skip(): void {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos] as number;
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  token(): string {
    this.skip();
    const start = this.pos;
    while (this.pos < this.buf.length) {
      const c = this.buf[this.pos] as number;
      if (isWhite(c) || isDelimiter(c)) break;
      this.pos++;
    }
    return this.buf.toString("latin1", start, this.pos);
  }

  peekKeyword(word: string): boolean {
    this.skip();
    return this.buf.toString("latin1", this.pos, this.pos + word.length) === word;
  }

  expectKeyword(word: string): void {
    if (!this.peekKeyword(word)) throw new PdfReadError(`expected ${word} at byte ${this.pos}`);
    this.pos += word.length;
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfReadError("objects nested too deeply");
    this.skip();
    const b = this.buf;
    if (this.pos >= b.length) throw new PdfReadError("unexpected end of file");
    const c = b[this.pos] as number;
    if (c === 0x2f) {
      this.pos++;
      const start = this.pos;
      while (this.pos < b.length && !isWhite(b[this.pos] as number) && !isDelimiter(b[this.pos] as number))
        this.pos++;
      const raw = b.toString("latin1", start, this.pos);
      return new PdfName(
        raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      );
    }
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      for (;;) {
        this.skip();
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          break;
        }
        const key = this.value(depth + 1);
        if (!(key instanceof PdfName))
          throw new PdfReadError(`a dictionary key is not a name at byte ${this.pos}`);
        entries.set(key.name, this.value(depth + 1));
      }
      return new PdfDict(entries);
    }
    if (c === 0x3c) {
      const end = b.indexOf(0x3e, this.pos);
      if (end < 0) throw new PdfReadError("unterminated hex string");
      const hex = b.toString("latin1", this.pos + 1, end).replace(/\s+/g, "");
      this.pos = end + 1;
      return new PdfString(Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex"));
    }
    if (c === 0x28) return this.literal();
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skip();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return items;
        }
        if (this.pos >= b.length) throw new PdfReadError("unterminated array");
        items.push(this.value(depth + 1));
      }
    }
    const word = this.token();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word))
      throw new PdfReadError(`unexpected "${word}" at byte ${this.pos}`);
    const n = Number(word);
    // `N G R`: a reference.
    if (/^\d+$/.test(word)) {
      const save = this.pos;
      const gen = this.token();
      if (/^\d+$/.test(gen)) {
        this.skip();
        if (
          b[this.pos] === 0x52 &&
          (this.pos + 1 >= b.length || !/[A-Za-z0-9]/.test(String.fromCharCode(b[this.pos + 1] as number)))
        ) {
          this.pos++;
          return new PdfRef(n, Number(gen));
        }
      }
      this.pos = save;
    }
    return n;
  }

  private literal(): PdfString {
    const b = this.buf;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++] as number;
      if (c === 0x5c) {
        const e = b[this.pos++] as number;
        const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
        if (simple[e] !== undefined) out.push(simple[e] as number);
        else if (e >= 0x30 && e <= 0x37) {
          let oct = e - 0x30;
          for (let k = 0; k < 2 && (b[this.pos] as number) >= 0x30 && (b[this.pos] as number) <= 0x37; k++)
            oct = oct * 8 + ((b[this.pos++] as number) - 0x30);
          out.push(oct & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) return new PdfString(Buffer.from(out));
        out.push(c);
      } else out.push(c);
    }
    throw new PdfReadError("unterminated string");
  }
}

/** A PDF's objects, read on demand. */
export class PdfFile {
  private readonly offsets = new Map<number, number>();
  private readonly cache = new Map<number, PdfValue>();
  readonly trailer: PdfDict;

  constructor(private readonly buf: Buffer) {
    if (buf.toString("latin1", 0, 5) !== "%PDF-") throw new PdfReadError("not a PDF file (no %PDF- header)");
    let trailer: PdfDict | undefined;
    try {
      trailer = this.readXrefChain();
    } catch {
      trailer = undefined;
    }
    this.trailer = trailer ?? this.scanObjects();
  }

  /** The cross-reference tables from the last `startxref` back through `/Prev`; the newest entry wins. */
  private readXrefChain(): PdfDict {
    const tail = this.buf.toString("latin1", Math.max(0, this.buf.length - 1024));
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) throw new PdfReadError("no startxref");
    let offset: number | undefined = Number(m[1]);
    let newest: PdfDict | undefined;
    const seen = new Set<number>();
    while (offset !== undefined) {
      if (seen.has(offset) || offset >= this.buf.length) throw new PdfReadError("bad xref chain");
      seen.add(offset);
      const p: Parser = new Parser(this.buf, offset);
      p.expectKeyword("xref");
      for (;;) {
        if (p.peekKeyword("trailer")) break;
        const first = p.value() as number;
        const count = p.value() as number;
        if (typeof first !== "number" || typeof count !== "number" || count < 0 || count > 10_000_000)
          throw new PdfReadError("bad xref section");
        for (let i = 0; i < count; i++) {
          const at = Number(p.token());
          p.token();
          const kind = p.token();
          if (kind === "n" && !this.offsets.has(first + i)) this.offsets.set(first + i, at);
        }
      }
      p.expectKeyword("trailer");
      const dict: PdfValue = p.value();
      if (!(dict instanceof PdfDict)) throw new PdfReadError("bad trailer");
      newest ??= dict;
      const prev: PdfValue | undefined = dict.get("Prev");
      offset = typeof prev === "number" ? prev : undefined;
    }
    if (!newest) throw new PdfReadError("no trailer");
    return newest;
  }

  /** Without a readable cross-reference table: every `N G obj`, the last one of a number winning. */
  private scanObjects(): PdfDict {
    this.offsets.clear();
    const text = this.buf.toString("latin1");
    const re = /(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      this.offsets.set(Number(m[1]), m.index + (m[0].length - m[0].trimStart().length));
    }
    // Objects compressed in object streams (`/Type /ObjStm`, as programs that save a PDF again write them).
    for (const num of [...this.offsets.keys()]) {
      let value: PdfValue;
      try {
        value = this.object(num);
      } catch {
        continue;
      }
      if (!(value instanceof PdfStream) || (value.dict.get("Type") as PdfName | undefined)?.name !== "ObjStm")
        continue;
      const count = this.resolve(value.dict.get("N"));
      const first = this.resolve(value.dict.get("First"));
      if (typeof count !== "number" || typeof first !== "number") continue;
      const data = this.streamData(value, MAX_ATTACHMENT_BYTES);
      const header = new Parser(data, 0);
      for (let i = 0; i < count && i < 1_000_000; i++) {
        const objNum = header.value();
        const at = header.value();
        if (typeof objNum !== "number" || typeof at !== "number") break;
        if (this.offsets.has(objNum)) continue;
        this.cache.set(objNum, new Parser(data, first + at).value());
      }
    }
    for (const num of new Set([...this.offsets.keys(), ...this.cache.keys()])) {
      const value = this.object(num);
      const dict = value instanceof PdfStream ? value.dict : value;
      if (dict instanceof PdfDict && (dict.get("Type") as PdfName | undefined)?.name === "Catalog")
        return new PdfDict(new Map([["Root", new PdfRef(num, 0)]]));
    }
    throw new PdfReadError("no document catalog found");
  }

  object(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num) as PdfValue;
    const at = this.offsets.get(num);
    if (at === undefined) return null;
    const p = new Parser(this.buf, at);
    p.value();
    p.value();
    p.expectKeyword("obj");
    let value = p.value();
    if (value instanceof PdfDict && p.peekKeyword("stream")) {
      p.expectKeyword("stream");
      if (this.buf[p.pos] === 0x0d) p.pos++;
      if (this.buf[p.pos] === 0x0a) p.pos++;
      const length = this.resolve(value.get("Length"));
      let end: number;
      if (typeof length === "number" && length >= 0 && p.pos + length <= this.buf.length)
        end = p.pos + length;
      else {
        end = this.buf.indexOf("endstream", p.pos, "latin1");
        if (end < 0) throw new PdfReadError(`object ${num}: unterminated stream`);
      }
      value = new PdfStream(value, this.buf.subarray(p.pos, end));
    }
    this.cache.set(num, value);
    return value;
  }

  resolve(value: PdfValue | undefined, hops = 0): PdfValue | undefined {
    if (value instanceof PdfRef) {
      if (hops > 32) throw new PdfReadError("a reference loop");
      return this.resolve(this.object(value.num), hops + 1);
    }
    return value;
  }

  /** A stream's data, uncompressed; at most `limit` bytes. */
  streamData(stream: PdfStream, limit: number): Buffer {
    const filter = this.resolve(stream.dict.get("Filter"));
    const filters = Array.isArray(filter) ? filter.map((f) => this.resolve(f)) : filter ? [filter] : [];
    let data = stream.raw;
    for (const f of filters) {
      if (!(f instanceof PdfName) || f.name !== "FlateDecode")
        throw new PdfReadError(`unsupported stream filter ${f instanceof PdfName ? f.name : "?"}`);
      try {
        data = inflateSync(data, { maxOutputLength: limit });
      } catch (error) {
        throw new PdfReadError(
          (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE"
            ? `an attachment larger than ${limit} bytes`
            : "a damaged compressed stream",
        );
      }
    }
    if (data.length > limit) throw new PdfReadError(`an attachment larger than ${limit} bytes`);
    return data;
  }
}

export interface Attachment {
  /** The file's name as the PDF gives it (`/UF`, else `/F`). */
  name: string;
  /** `/AFRelationship` (`Source`, `Data`, …), or `Unspecified`. */
  relationship: string;
  mimeType: string | undefined;
  bytes: Buffer;
}

/**
 * The associated files of the document (`/AF` of the catalog), in order. Throws {@link PdfReadError} for a
 * file that is not a readable PDF, an attachment whose size or checksum does not match its record.
 */
export function readAttachments(bytes: Buffer): Attachment[] {
  const pdf = new PdfFile(bytes);
  const catalog = pdf.resolve(pdf.trailer.get("Root"));
  if (!(catalog instanceof PdfDict)) throw new PdfReadError("no document catalog");
  const af = pdf.resolve(catalog.get("AF"));
  const out: Attachment[] = [];
  for (const item of Array.isArray(af) ? af : []) {
    const spec = pdf.resolve(item);
    if (!(spec instanceof PdfDict)) continue;
    const nameValue = pdf.resolve(spec.get("UF")) ?? pdf.resolve(spec.get("F"));
    const relationship = pdf.resolve(spec.get("AFRelationship"));
    const ef = pdf.resolve(spec.get("EF"));
    const stream = ef instanceof PdfDict ? pdf.resolve(ef.get("UF") ?? ef.get("F")) : undefined;
    if (!(stream instanceof PdfStream)) continue;
    const data = pdf.streamData(stream, MAX_ATTACHMENT_BYTES);
    const params = pdf.resolve(stream.dict.get("Params"));
    if (params instanceof PdfDict) {
      const size = pdf.resolve(params.get("Size"));
      if (typeof size === "number" && size !== data.length)
        throw new PdfReadError(`the attachment is ${data.length} bytes, its record says ${size}`);
      const sum = pdf.resolve(params.get("CheckSum"));
      if (sum instanceof PdfString) {
        const md5 = createHash("md5").update(data).digest();
        // As the standard has it (16 bytes), or as pdfkit writes it (their 32 hex digits).
        const matches =
          sum.bytes.equals(md5) || sum.bytes.toString("latin1").toLowerCase() === md5.toString("hex");
        if (!matches)
          throw new PdfReadError("the attachment does not match its checksum: it was changed or damaged");
      }
    }
    const subtype = pdf.resolve(stream.dict.get("Subtype"));
    out.push({
      name: nameValue instanceof PdfString ? nameValue.text() : "",
      relationship: relationship instanceof PdfName ? relationship.name : "Unspecified",
      mimeType: subtype instanceof PdfName ? subtype.name : undefined,
      bytes: data,
    });
  }
  return out;
}
