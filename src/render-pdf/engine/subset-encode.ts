/**
 * The font subsets' bytes, written directly. fontkit's `TTFSubset.encode` builds the embedded TrueType font
 * through `restructure`'s generic encoders: every `loca` offset, every `hmtx` entry and every glyph goes
 * through a per-value `size` and `encode` call (and each `hmtx` entry through a struct, which sizes itself
 * again); the table directory sizes every table five or six times over; the constant cvt, prep and fpgm
 * (about 5,000 values in BIZ UDPGothic) go through it value by value in every document. About 4 ms of each
 * sheet's PDF went there (profiled), for a file layout that is simple: a directory, then the tables back to
 * back. Written directly, a sheet's two subsets take about 0.3 ms instead of 2.1 ms (in-process medians: ~400
 * regular glyphs 1.25 → 0.18 ms, ~75 bold glyphs 0.85 → 0.10 ms).
 *
 * hyoka writes the same bytes into one buffer: the directory as fontkit's `Directory` writes it (tables in
 * fontkit's order, check sums 0, no padding between tables, `searchRange` and friends computed by the same
 * formulae), the per-subset tables from the subset, and head, hhea, maxp, cvt, prep and fpgm from the font's
 * decoded tables on every call, as fontkit does (it clones them and changes `indexToLocFormat`,
 * `numberOfMetrics` and `numGlyphs`), so nothing here can go stale. The glyphs are still gathered by the
 * subset's own `_addGlyph` (hyoka's, see subset-cache.ts), so composite glyphs pull in their components as
 * before. test/render-pdf/subset-encode.test.ts compares the result with fontkit's byte for byte. A font this
 * does not expect (a variable font, whose glyphs fontkit re-encodes; no `glyf`; an unknown `loca` format; a
 * table whose shape differs) keeps fontkit's own `encode`.
 *
 * Why a patch of the subset class's `encode`: as for subset-cache.ts, fontkit creates subsets itself and does
 * not export the class; the prototype of a subset it creates is the only seam.
 */
import type { FontkitFont } from "./internals.js";

/** A decoded `head` table; fields as fontkit's `head` struct, in its order. */
interface HeadTable {
  version: number;
  revision: number;
  checkSumAdjustment: number;
  magicNumber: number;
  flags: number;
  unitsPerEm: number;
  created: number[];
  modified: number[];
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  macStyle: Record<string, unknown>;
  lowestRecPPEM: number;
  fontDirectionHint: number;
  glyphDataFormat: number;
}

interface HheaTable {
  version: number;
  ascent: number;
  descent: number;
  lineGap: number;
  advanceWidthMax: number;
  minLeftSideBearing: number;
  minRightSideBearing: number;
  xMaxExtent: number;
  caretSlopeRise: number;
  caretSlopeRun: number;
  caretOffset: number;
  metricDataFormat: number;
}

/** The maxp fields after `numGlyphs`, in fontkit's order (all uint16). */
const MAXP_TAIL = [
  "maxPoints",
  "maxContours",
  "maxComponentPoints",
  "maxComponentContours",
  "maxZones",
  "maxTwilightPoints",
  "maxStorage",
  "maxFunctionDefs",
  "maxInstructionDefs",
  "maxStackElements",
  "maxSizeOfInstructions",
  "maxComponentElements",
  "maxComponentDepth",
] as const;

type MaxpTable = { version: number } & Record<(typeof MAXP_TAIL)[number], number>;

/** The bits of fontkit's `macStyle` bitfield, lowest first. */
const MAC_STYLE = ["bold", "italic", "underline", "outline", "shadow", "condensed", "extended"] as const;

interface SubsetFont {
  _variationProcessor?: unknown;
  directory: { tables: Record<string, unknown> };
  loca?: { version: number };
  head?: HeadTable;
  hhea?: HheaTable;
  maxp?: MaxpTable;
  "cvt "?: { controlValues: number[] };
  prep?: { controlValueProgram: number[] };
  fpgm?: { instructions: number[] };
  createSubset(): object;
}

/** The parts of fontkit's `TTFSubset` its `encode` reads and sets. */
export interface TTFSubsetLike {
  font: SubsetFont;
  glyphs: number[];
  glyf: ArrayLike<number>[];
  offset: number;
  loca: { offsets: number[]; version: number; _processed?: boolean };
  hmtx: { metrics: { advance: number; bearing: number }[]; bearings: number[] };
  _addGlyph(gid: number): number;
  encode(): Uint8Array;
}

const HEAD_SIZE = 54;
const HHEA_SIZE = 36;
const MAXP_SIZE = 32;

function isPair(value: unknown): value is number[] {
  return Array.isArray(value) && value.length === 2;
}

/** Whether fontkit's encoders would take `table` as the table they expect, or leave it out as it does. */
function optionalArray<T>(table: T | undefined, key: keyof T): boolean {
  return !table || Array.isArray(table[key]);
}

/** A table of the subset: its tag, its length, and what writes it at a position. */
interface Entry {
  tag: string;
  length: number;
  write(view: DataView, bytes: Uint8Array, pos: number): void;
}

/**
 * The subset's font file as fontkit's `encode` would produce it, or `undefined` (the subset untouched) for a
 * font this does not handle. Leaves the subset as fontkit's `encode` leaves it.
 */
export function encodeSubsetDirectly(subset: TTFSubsetLike): Uint8Array | undefined {
  const font = subset.font;
  if (font._variationProcessor || !font.directory.tables.glyf) return undefined;
  const locaVersion = font.loca?.version;
  if (locaVersion !== 0 && locaVersion !== 1) return undefined;
  const { head, hhea, maxp } = font;
  if (!head || !hhea || !maxp) return undefined;
  if (!isPair(head.created) || !isPair(head.modified) || !head.macStyle) return undefined;
  const cvt = font["cvt "];
  const prep = font.prep;
  const fpgm = font.fpgm;
  if (!optionalArray(cvt, "controlValues") || !optionalArray(prep, "controlValueProgram")) return undefined;
  if (!optionalArray(fpgm, "instructions")) return undefined;

  // As fontkit: the glyphs through `_addGlyph`, which may append components to `glyphs` as it goes.
  subset.glyf = [];
  subset.offset = 0;
  subset.loca = { offsets: [], version: locaVersion };
  subset.hmtx = { metrics: [], bearings: [] };
  let i = 0;
  while (i < subset.glyphs.length) subset._addGlyph(subset.glyphs[i++] as number);
  const glyf = subset.glyf;
  const metrics = subset.hmtx.metrics;
  const loca = subset.loca;
  loca.offsets.push(subset.offset);
  if (locaVersion === 0) {
    // fontkit's `loca.preEncode` halves the short offsets in place and marks them so; the subset keeps both.
    const offsets = loca.offsets;
    for (let k = 0; k < offsets.length; k++) offsets[k] = (offsets[k] as number) >>> 1;
    loca._processed = false;
  }

  // DataView's setters reduce a value modulo 2^16 or 2^32 (NaN to 0) exactly as restructure's number
  // encoders, which are those setters; signed and unsigned fields are therefore written alike.
  const entries: Entry[] = [
    {
      tag: "head",
      length: HEAD_SIZE,
      write(view, _bytes, pos) {
        view.setUint32(pos, head.version);
        view.setUint32(pos + 4, head.revision);
        view.setUint32(pos + 8, head.checkSumAdjustment);
        view.setUint32(pos + 12, head.magicNumber);
        view.setUint16(pos + 16, head.flags);
        view.setUint16(pos + 18, head.unitsPerEm);
        view.setUint32(pos + 20, head.created[0] as number);
        view.setUint32(pos + 24, head.created[1] as number);
        view.setUint32(pos + 28, head.modified[0] as number);
        view.setUint32(pos + 32, head.modified[1] as number);
        view.setUint16(pos + 36, head.xMin);
        view.setUint16(pos + 38, head.yMin);
        view.setUint16(pos + 40, head.xMax);
        view.setUint16(pos + 42, head.yMax);
        let macStyle = 0;
        MAC_STYLE.forEach((flag, bit) => {
          if (head.macStyle[flag]) macStyle |= 1 << bit;
        });
        view.setUint16(pos + 44, macStyle);
        view.setUint16(pos + 46, head.lowestRecPPEM);
        view.setUint16(pos + 48, head.fontDirectionHint);
        view.setUint16(pos + 50, locaVersion);
        view.setUint16(pos + 52, head.glyphDataFormat);
      },
    },
    {
      tag: "hhea",
      length: HHEA_SIZE,
      write(view, _bytes, pos) {
        view.setUint32(pos, hhea.version);
        view.setUint16(pos + 4, hhea.ascent);
        view.setUint16(pos + 6, hhea.descent);
        view.setUint16(pos + 8, hhea.lineGap);
        view.setUint16(pos + 10, hhea.advanceWidthMax);
        view.setUint16(pos + 12, hhea.minLeftSideBearing);
        view.setUint16(pos + 14, hhea.minRightSideBearing);
        view.setUint16(pos + 16, hhea.xMaxExtent);
        view.setUint16(pos + 18, hhea.caretSlopeRise);
        view.setUint16(pos + 20, hhea.caretSlopeRun);
        view.setUint16(pos + 22, hhea.caretOffset);
        // 8 reserved bytes, zero in the fresh buffer.
        view.setUint16(pos + 32, hhea.metricDataFormat);
        view.setUint16(pos + 34, metrics.length);
      },
    },
    {
      tag: "loca",
      length: loca.offsets.length * (locaVersion === 0 ? 2 : 4),
      write(view, _bytes, pos) {
        const offsets = loca.offsets;
        if (locaVersion === 0) {
          for (let k = 0; k < offsets.length; k++) view.setUint16(pos + 2 * k, offsets[k] as number);
        } else {
          for (let k = 0; k < offsets.length; k++) view.setUint32(pos + 4 * k, offsets[k] as number);
        }
      },
    },
    {
      tag: "maxp",
      length: MAXP_SIZE,
      write(view, _bytes, pos) {
        view.setUint32(pos, maxp.version);
        view.setUint16(pos + 4, glyf.length);
        MAXP_TAIL.forEach((field, k) => {
          view.setUint16(pos + 6 + 2 * k, maxp[field]);
        });
      },
    },
  ];
  if (cvt) {
    const values = cvt.controlValues;
    entries.push({
      tag: "cvt ",
      length: 2 * values.length,
      write(view, _bytes, pos) {
        for (let k = 0; k < values.length; k++) view.setUint16(pos + 2 * k, values[k] as number);
      },
    });
  }
  if (prep) entries.push(byteTable("prep", prep.controlValueProgram));
  let glyfLength = 0;
  for (const glyph of glyf) glyfLength += glyph.length;
  entries.push({
    tag: "glyf",
    length: glyfLength,
    write(_view, bytes, pos) {
      for (const glyph of glyf) {
        bytes.set(glyph, pos);
        pos += glyph.length;
      }
    },
  });
  entries.push({
    tag: "hmtx",
    length: 4 * metrics.length,
    write(view, _bytes, pos) {
      for (let k = 0; k < metrics.length; k++) {
        const metric = metrics[k] as { advance: number; bearing: number };
        view.setUint16(pos + 4 * k, metric.advance);
        view.setUint16(pos + 4 * k + 2, metric.bearing);
      }
    },
  });
  if (fpgm) entries.push(byteTable("fpgm", fpgm.instructions));

  // fontkit's `Directory.preEncode`, to the floating point.
  const numTables = entries.length;
  const maxExponentFor2 = Math.floor(Math.log(numTables) / Math.LN2);
  const maxPowerOf2 = 2 ** maxExponentFor2;
  const searchRange = maxPowerOf2 * 16;
  const entrySelector = Math.log(maxPowerOf2) / Math.LN2;
  const rangeShift = numTables * 16 - searchRange;

  let size = 12 + 16 * numTables;
  for (const entry of entries) size += entry.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  writeTag(bytes, 0, "true");
  view.setUint16(4, numTables);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, rangeShift);
  // Each table's data follows the previous one's, as restructure lays out pointed-to data (no padding).
  let offset = 12 + 16 * numTables;
  entries.forEach((entry, k) => {
    const record = 12 + 16 * k;
    writeTag(bytes, record, entry.tag);
    // The check sum (record + 4) stays 0, as fontkit writes it.
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, entry.length);
    entry.write(view, bytes, offset);
    offset += entry.length;
  });
  return bytes;
}

function byteTable(tag: string, values: number[]): Entry {
  return {
    tag,
    length: values.length,
    write(_view, bytes, pos) {
      // A Uint8Array's element conversion is DataView's `setUint8`: modulo 2^8, NaN to 0.
      bytes.set(values, pos);
    },
  };
}

/** As restructure's ascii strings: one byte per UTF-16 unit. */
function writeTag(bytes: Uint8Array, pos: number, tag: string): void {
  for (let k = 0; k < tag.length; k++) bytes[pos + k] = tag.charCodeAt(k);
}

const INSTALLED = Symbol.for("hyoka.subsetEncode");

/** Installs the direct encoder on the subset class fontkit uses for `font` (a TrueType font). */
export function installSubsetEncoder(font: FontkitFont): void {
  const internals = font as unknown as SubsetFont;
  if (!internals.directory.tables.glyf) return;
  const proto = Object.getPrototypeOf(internals.createSubset()) as TTFSubsetLike & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const original = proto.encode;
  proto.encode = function directEncode() {
    return encodeSubsetDirectly(this) ?? original.call(this);
  };
  proto[INSTALLED] = true;
}
