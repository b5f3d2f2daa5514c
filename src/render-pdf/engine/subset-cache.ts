/**
 * Glyphs read once per process for the fonts' subsets. pdfkit embeds, per document, a subset of each font it
 * used (fontkit's `TTFSubset.encode`), and fontkit's `_addGlyph` decodes every glyph of the subset completely
 * (all its contour points, through `restructure`) only to learn whether it is a composite glyph, then copies
 * its bytes from the font. The same few thousand kanji are decoded again in every document: 7 % of the CPU time
 * of rendering a sheet's PDF (profiled).
 *
 * What `_addGlyph` takes from a glyph depends only on the font and the glyph id: the glyph's bytes in the
 * `glyf` table (a view; a composite glyph's are copied and its component ids rewritten per subset), its
 * components, its advance and left side bearing. hyoka keeps those per parsed font (the fonts are shared by the
 * whole process, see fonts.ts) and builds the subset from them exactly as fontkit does, so the subset's bytes
 * are the same. Variable fonts (whose glyphs fontkit re-encodes) keep fontkit's own path.
 *
 * Why a patch of the subset class's `_addGlyph`: fontkit creates subsets itself (`font.createSubset()`, called
 * by pdfkit), and the class is not exported; the prototype of a subset it creates is the only seam.
 */
import type { FontkitFont } from "./internals.js";

interface GlyphInfo {
  bytes: Uint8Array;
  /** Component glyph ids and where each is written, for a composite glyph. */
  components?: { glyphID: number; pos: number }[];
  advance: number;
  bearing: number;
}

interface FontInternals {
  _variationProcessor?: unknown;
  loca: { offsets: number[] };
  directory: { tables: Record<string, unknown> };
  getGlyph(gid: number): {
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    advanceWidth: number;
    _getMetrics(): { leftBearing: number };
  };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  createSubset(): object;
}

interface TTFSubsetLike {
  font: FontInternals;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
}

const glyphsByFont = new WeakMap<object, Map<number, GlyphInfo>>();

/** What fontkit's `TTFSubset._addGlyph` reads for a glyph, read once per font and glyph. */
function glyphInfo(font: FontInternals, gid: number): GlyphInfo {
  let glyphs = glyphsByFont.get(font);
  if (!glyphs) {
    glyphs = new Map();
    glyphsByFont.set(font, glyphs);
  }
  const known = glyphs.get(gid);
  if (known) return known;
  const glyph = font.getGlyph(gid);
  const curOffset = font.loca.offsets[gid] as number;
  const nextOffset = font.loca.offsets[gid + 1] as number;
  const stream = font._getTableStream("glyf");
  stream.pos += curOffset;
  const bytes = stream.readBuffer(nextOffset - curOffset);
  const info: GlyphInfo = {
    bytes,
    advance: glyph.advanceWidth,
    bearing: glyph._getMetrics().leftBearing,
  };
  // A glyph's first two bytes are its number of contours, negative for a composite glyph: only a composite one
  // is decoded (for its components). fontkit decodes every glyph's points to read that number; an empty glyph
  // (no bytes) it decodes to nothing.
  if (bytes.length >= 2 && ((bytes[0] as number) & 0x80) !== 0) {
    const glyf = glyph._decode();
    if (glyf && glyf.numberOfContours < 0) {
      info.components = (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos }));
    }
  }
  glyphs.set(gid, info);
  return info;
}

function addGlyph(this: TTFSubsetLike, gid: number, original: (gid: number) => number): number {
  if (this.font._variationProcessor) return original.call(this, gid);
  const info = glyphInfo(this.font, gid);
  let buffer = info.bytes;
  if (info.components) {
    // As fontkit: a copy with each component's id replaced by its id in this subset (added if new).
    buffer = new Uint8Array(info.bytes);
    const view = new DataView(buffer.buffer);
    for (const component of info.components) {
      view.setUint16(component.pos, this.includeGlyph(component.glyphID));
    }
  }
  this.glyf.push(buffer);
  this.loca.offsets.push(this.offset);
  this.hmtx.metrics.push({ advance: info.advance, bearing: info.bearing });
  this.offset += buffer.length;
  return this.glyf.length - 1;
}

const INSTALLED = Symbol.for("hyoka.subsetCache");

/** Installs the per-font glyph cache on the subset class fontkit uses for `font` (a TrueType font). */
export function installSubsetCache(font: FontkitFont): void {
  const internals = font as unknown as FontInternals;
  if (!internals.directory.tables.glyf) return;
  const proto = Object.getPrototypeOf(internals.createSubset()) as TTFSubsetLike & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const original = proto._addGlyph;
  proto._addGlyph = function cachedAddGlyph(gid) {
    return addGlyph.call(this, gid, original);
  };
  proto[INSTALLED] = true;
}
