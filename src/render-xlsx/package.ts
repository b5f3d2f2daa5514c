/**
 * The last step of every workbook: exceljs's parts packed so the same inputs give the same bytes, with Excel
 * tables added where exceljs cannot write them.
 *
 * exceljs's zip writers (JSZip, archiver) stamp every entry with the time of writing and take no date option, so
 * their output differs from run to run even with the workbook's own dates fixed. Every entry is compressed here,
 * in exceljs's order, with one fixed date.
 *
 * The parts come in two ways. A sheet's workbook gives them whole, taken from exceljs before it zips them
 * (exceljs-parts.ts says why). The summary gives the zip of exceljs's streaming writer, chunk by chunk as it is
 * written: that writer is the only one that keeps a large summary in bounded memory, and parts cannot be taken
 * from it before its zip.
 *
 * exceljs's streaming writer has no tables: they are written here as the small parts the format defines (a table
 * part, the sheet's relationship to it, its content type and a `tableParts` element at the end of the worksheet).
 *
 * The summary's re-packing streams too: entries are inflated and deflated chunk by chunk, so a summary of
 * hundreds of thousands of rows is never held uncompressed (unzipping and zipping it whole took 670 MB more for
 * 200,000 rows).
 */
import { deflateRawSync } from "node:zlib";
import { strFromU8, strToU8, Unzip, UnzipInflate, Zip, ZipDeflate, ZipPassThrough } from "fflate";

export interface TablePart {
  /** Worksheet number as exceljs numbers them (`xl/worksheets/sheet<n>.xml`), from 1. */
  sheetNumber: number;
  name: string;
  headers: string[];
  /** The table's range, header row included, e.g. `A1:J120`. */
  ref: string;
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const TABLE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table";
const TABLE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";
const CONTENT_TYPES = "[Content_Types].xml";
const SHEET_END = "</worksheet>";
/** Bytes held back from the end of a worksheet, so its closing tag can be preceded by the table parts. */
const TAIL = 64;

const sheetPath = (n: number) => `xl/worksheets/sheet${n}.xml`;
const relsPath = (n: number) => `xl/worksheets/_rels/sheet${n}.xml.rels`;
const relId = (n: number) => `rIdTable${n}`;

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

function tableXml(id: number, table: TablePart): string {
  const columns = table.headers.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeXml(h)}"/>`).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<table xmlns="${MAIN_NS}" id="${id}" name="${table.name}" displayName="${table.name}" ref="${table.ref}" totalsRowShown="0">` +
    `<autoFilter ref="${table.ref}"/>` +
    `<tableColumns count="${table.headers.length}">${columns}</tableColumns>` +
    `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>` +
    `</table>`
  );
}

const DEFLATE_LEVEL = 6;

/** Per thread, for each entry name, the last bytes compressed whole and their compressed bytes. */
const lastDeflated = new Map<string, { raw: Uint8Array; compressed: Uint8Array<ArrayBuffer> }>();

/**
 * Most parts of a sheet's workbook are the same from sheet to sheet (over 200 generated sheets, 12 of 17 entries
 * equal the previous sheet's: the folders, relationships, theme, app properties, content types, mostly the
 * styles), and deflate gives the same bytes for the same input: such a part is compressed once. A sheet's
 * workbook took 1.08 ms instead of 1.37 (median, in-process). Only the last bytes of each name are kept, so
 * the cache stays one workbook's size; they are copied, as the caller may reuse its buffer.
 */
function deflateWhole(name: string, raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const last = lastDeflated.get(name);
  if (last && Buffer.compare(last.raw, raw) === 0) return last.compressed;
  const deflated = deflateRawSync(raw, { level: DEFLATE_LEVEL });
  const compressed = new Uint8Array(deflated.buffer, deflated.byteOffset, deflated.length);
  lastDeflated.set(name, { raw: raw.slice(), compressed });
  return compressed;
}

/**
 * A zip entry compressed whole by Node's zlib (native code) when its last chunk arrives: for the parts of a small
 * workbook (one sheet's). Profiled over 200 sheets, re-packing a sheet's workbook took 2.9 ms with fflate's
 * streaming deflate (JavaScript), 1.1 ms with this; the whole workbook 4.0 → 2.3 ms, and the files 1.6 % smaller.
 * Its bytes differ from fflate's but are the same for the same input. fflate's `ZipPassThrough` still computes the
 * CRC and the size; `process` is its documented point for another compression.
 */
class WholeZipDeflate extends ZipPassThrough {
  /** The general-purpose flag bits for level 6 ("normal"), as fflate's ZipDeflate sets them. */
  flag: 0 | 1 | 2 | 3 = 0;
  private readonly chunks: Uint8Array[] = [];

  constructor(name: string) {
    super(name);
    this.compression = 8;
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    this.chunks.push(chunk);
    if (!final) return;
    const all = this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : Buffer.concat(this.chunks);
    this.chunks.length = 0;
    this.ondata(null, deflateWhole(this.filename, all), true);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Where an entry's uncompressed bytes go, chunk by chunk; the last chunk is marked `final`. */
type EntrySink = (chunk: Uint8Array, final: boolean) => void;

/**
 * Takes exceljs's parts, or its zip as it is written, and gives the final workbook. `tableSheets`: the worksheets
 * that will hold a table (one each), known before their rows are written; the tables themselves are given to
 * {@link finish}, once their sizes are known.
 */
export class WorkbookRepacker {
  private readonly output: Uint8Array[] = [];
  private readonly zip: Zip;
  private unzip: Unzip | undefined;
  /** Small parts changed at the end: the content types and the table sheets' relationships. */
  private readonly held = new Map<string, Uint8Array>();
  private readonly heldNames: ReadonlySet<string>;
  private readonly tailed: ReadonlySet<string>;
  private readonly mtime: Date;
  private error: Error | undefined;

  /**
   * `whole`: each entry compressed whole at its end (a small workbook, see WholeZipDeflate), not chunk by chunk
   * (a summary, which can be hundreds of MB uncompressed).
   */
  constructor(
    date: Date,
    private readonly tableSheets: readonly number[] = [],
    private readonly whole = false,
  ) {
    // Zip dates are local DOS times: the same instant would give other bytes in another time zone.
    // A zip (DOS) date holds the years 1980–2099 only: a document date past them is written as the last day they
    // hold, one before them as the first (the workbook's own properties keep the real date).
    const year = date.getUTCFullYear();
    this.mtime =
      year > 2099
        ? new Date(2099, 11, 31, 12, 0, 0)
        : year < 1980
          ? new Date(1980, 0, 1, 12, 0, 0)
          : new Date(year, date.getUTCMonth(), date.getUTCDate(), 12, 0, 0);
    this.zip = new Zip((err, chunk) => {
      if (err) this.error ??= err;
      else this.output.push(chunk);
    });
    this.tailed = new Set(tableSheets.map(sheetPath));
    this.heldNames = new Set([CONTENT_TYPES, ...tableSheets.map(relsPath)]);
  }

  /** One part, whole, in exceljs's order. */
  part(name: string, bytes: Uint8Array): void {
    this.sink(name)(bytes, true);
    if (this.error) throw this.error;
  }

  /** A chunk of exceljs's zip. */
  push(chunk: Uint8Array, final = false): void {
    this.unzip ??= this.unzipper();
    this.unzip.push(chunk, final);
    if (this.error) throw this.error;
  }

  private unzipper(): Unzip {
    const unzip = new Unzip((file) => {
      const sink = this.sink(file.name);
      file.ondata = (err, chunk, final) => {
        if (err) this.error ??= err;
        else sink(chunk, final);
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    return unzip;
  }

  private sink(name: string): EntrySink {
    if (this.heldNames.has(name)) {
      let bytes: Uint8Array = new Uint8Array(0);
      return (chunk, final) => {
        bytes = concat(bytes, chunk);
        if (final) this.held.set(name, bytes);
      };
    }
    const entry = this.entry(name);
    if (!this.tailed.has(name)) return (chunk, final) => entry.push(chunk, final);
    const sheetNumber = Number(/(\d+)\.xml$/.exec(name)?.[1]);
    let tail: Uint8Array = new Uint8Array(0);
    return (chunk, final) => {
      const all = concat(tail, chunk);
      if (!final) {
        const keep = Math.max(0, all.length - TAIL);
        tail = all.slice(keep);
        if (keep > 0) entry.push(all.subarray(0, keep));
        return;
      }
      const end = strFromU8(all);
      if (!end.includes(SHEET_END)) this.error ??= new Error(`${name} does not end as a worksheet`);
      const parts = `<tableParts count="1"><tablePart r:id="${relId(sheetNumber)}"/></tableParts>`;
      entry.push(strToU8(end.replace(SHEET_END, `${parts}${SHEET_END}`)), true);
    };
  }

  private entry(name: string): ZipDeflate | WholeZipDeflate {
    const entry = this.whole ? new WholeZipDeflate(name) : new ZipDeflate(name, { level: DEFLATE_LEVEL });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    return entry;
  }

  private add(name: string, bytes: Uint8Array): void {
    this.entry(name).push(bytes, true);
  }

  finish(tables: readonly TablePart[] = []): Uint8Array {
    const bySheet = new Map(tables.map((t) => [t.sheetNumber, t]));
    let contentTypes = strFromU8(this.held.get(CONTENT_TYPES) ?? new Uint8Array(0));
    if (!contentTypes.includes("</Types>")) throw new Error(`workbook part missing: ${CONTENT_TYPES}`);
    const tableFiles: [string, Uint8Array][] = [];
    const rels: [string, Uint8Array][] = [];
    for (const [i, sheetNumber] of this.tableSheets.entries()) {
      const table = bySheet.get(sheetNumber);
      if (!table) throw new Error(`no table given for worksheet ${sheetNumber}`);
      const id = i + 1;
      tableFiles.push([`xl/tables/table${id}.xml`, strToU8(tableXml(id, table))]);
      const rel = `<Relationship Id="${relId(sheetNumber)}" Type="${TABLE_REL}" Target="../tables/table${id}.xml"/>`;
      const existing = this.held.get(relsPath(sheetNumber));
      rels.push([
        relsPath(sheetNumber),
        strToU8(
          existing
            ? strFromU8(existing).replace("</Relationships>", `${rel}</Relationships>`)
            : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}">${rel}</Relationships>`,
        ),
      ]);
      contentTypes = contentTypes.replace(
        "</Types>",
        `<Override PartName="/xl/tables/table${id}.xml" ContentType="${TABLE_TYPE}"/></Types>`,
      );
    }
    this.add(CONTENT_TYPES, strToU8(contentTypes));
    for (const [name, bytes] of [...rels, ...tableFiles]) this.add(name, bytes);
    this.zip.end();
    if (this.error) throw this.error;
    const size = this.output.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of this.output) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** A small workbook, whole: its parts, in exceljs's order, to its final bytes. */
export function packWorkbook(
  parts: Iterable<readonly [string, Uint8Array]>,
  date: Date,
  tables: readonly TablePart[] = [],
): Uint8Array {
  const repacker = new WorkbookRepacker(
    date,
    tables.map((t) => t.sheetNumber),
    true,
  );
  for (const [name, bytes] of parts) repacker.part(name, bytes);
  return repacker.finish(tables);
}
