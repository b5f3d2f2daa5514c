/**
 * Plain paragraphs laid out a line at a time instead of a word at a time.
 *
 * pdfmake turns every text into one object per word (`TextInlines.buildInlines`), and in Japanese every
 * character is a word: a sheet's texts become thousands of objects of twenty-five properties, measured one by
 * one, then taken off an array one at a time while a line is filled (`buildNextLine` copies the rest of the
 * array for every word it takes: quadratic in a paragraph's length). Profiled, that was a third of the CPU time
 * of a sheet's PDF and most of its garbage.
 *
 * For a text that is one string in one plain style (no justification, links, decorations, backgrounds,
 * character spacing, font features, super- or subscript, indent, `noWrap` or `break-all`; no id, outline or
 * page reference), which is nearly every text of a sheet, hyoka keeps the words as parallel arrays (text,
 * width, leading and trailing cut, forced line end) and fills a line by adding up widths. The line gets a single
 * inline that stands for its words, and the line renderer (line-renderer.ts) draws them in one `TJ` array from
 * where pdfmake would have placed the first. Everything is computed as pdfmake computes it, with the same
 * operations in the same order: the words come from the same breaker (with the 禁則 rules of kinsoku.ts), each
 * width from the same `widthOfText`, the fit test and the cuts from `Line`'s own formulas, the minimum and
 * maximum widths from `buildInlines`' loop. So the lines break at the same places: with each word still drawn
 * at its own `Tm`, 200 generated sheets gave the same PDFs as before, byte for byte. A line whose word pdfmake
 * would have to cut (a word wider than the line) is handed back to pdfmake: the remaining words become
 * pdfmake's own inlines.
 *
 * Why patches of `DocMeasure.prototype.measureLeaf` and `LayoutBuilder.prototype.buildNextLine`: that is where
 * pdfmake makes and consumes a text's words. pdfmake is pinned exactly (0.3.11). Not supported: snaking columns
 * (which put a line's inlines back to reflow them); hyoka's forms do not use them.
 */
import { LineBreaker, pdfmakeInternal } from "./internals.js";
import { type StyleStackLike, stackStyle } from "./stack-style.js";
import {
  finishWord,
  type GetStyleProperty,
  plainWord,
  type ResolvedStyle,
  type TextInlinesLike,
  type Word,
} from "./text-measure.js";

interface LineLike {
  inlines: unknown[];
  lastLineInParagraph?: boolean;
  addInline(inline: object): void;
}

interface LeafNode {
  text?: unknown;
  _textRef?: unknown;
  _inlines?: unknown[];
  _minWidth?: number;
  _maxWidth?: number;
  id?: unknown;
  outline?: unknown;
  tocItem?: unknown;
  _tocItemRef?: unknown;
  _pageRef?: unknown;
}

interface DocMeasureLike {
  styleStack: { clone(): StyleStackLike & { push(node: object): void } };
  textInlines: TextInlinesLike;
}

interface LayoutBuilderLike {
  writer: { context(): { availableWidth: number } };
}

/** The words of one plain text, measured; shared by every layout of the document. */
export class PackedText {
  constructor(
    readonly words: readonly string[],
    readonly widths: Float64Array,
    readonly leadingCuts: Float64Array,
    readonly trailingCuts: Float64Array,
    readonly lineEnds: Uint8Array,
    readonly style: ResolvedStyle,
    readonly height: number,
    /** The measurer that measured them, for words handed back to pdfmake. */
    readonly measurer: TextInlinesLike,
  ) {}

  get count(): number {
    return this.words.length;
  }
}

/** Marks the single inline of a line made from packed words: which words it stands for. */
export const PACKED_WORDS = Symbol("hyoka.packedWords");

export interface PackedRange {
  text: PackedText;
  from: number;
  to: number;
}

/** Where the next line of a packed text starts, kept on the node's `_inlines` array of the current layout. */
const NEXT = Symbol("hyoka.packedNext");
type PackedInlines = [PackedText] & { [NEXT]?: number };

const LEADING = /^\s+/;
const TRAILING = /\s+$/;
const LINE_END = /\r?\n$|\r$/;

/** pdfmake's `splitWords` (TextBreaker.js) for a wrapped text without `break-all`. */
function splitWords(text: string): { words: string[]; lineEnds: number[] } {
  const words: string[] = [];
  const lineEnds: number[] = [];
  if (text.length === 0) {
    words.push("");
    return { words, lineEnds };
  }
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    let word = text.slice(last, bk.position);
    if (bk.required || LINE_END.test(word)) {
      word = word.replace(LINE_END, "");
      lineEnds.push(words.length);
    }
    words.push(word);
    last = bk.position;
  }
  return { words, lineEnds };
}

/**
 * Widths per font and size, for every document: a width depends only on the font, the size and the text. A
 * line of Japanese has a word per character, so most words are one UTF-16 unit: those are kept by its code
 * (a number key needs no hashing of a fresh one-character string: the lookups by text were the hottest line of
 * packing, 0.2 ms a sheet).
 */
interface WidthCache {
  byText: Map<string, number>;
  byCode: Map<number, number>;
}
const widthCaches = new WeakMap<object, Map<number, WidthCache>>();
const WIDTH_CACHE_LIMIT = 50_000;

function widthCache(style: ResolvedStyle): WidthCache {
  const font = style.font as { font?: object };
  const key = font.font ?? font;
  let bySize = widthCaches.get(key);
  if (!bySize) {
    bySize = new Map();
    widthCaches.set(key, bySize);
  }
  let cache = bySize.get(style.fontSize);
  if (!cache || cache.byText.size > WIDTH_CACHE_LIMIT) {
    cache = { byText: new Map(), byCode: new Map() };
    bySize.set(style.fontSize, cache);
  }
  return cache;
}

/** Whether a UTF-16 unit is white space as `\s` has it (what LEADING and TRAILING match). */
function isSpaceUnit(code: number): boolean {
  return code <= 0x20
    ? code === 0x20 || (code >= 0x09 && code <= 0x0d)
    : code === 0xa0 ||
        code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff;
}

/** Whether words in this style can be packed: the plain case, drawn by the line renderer's fast path. */
function packable(style: ResolvedStyle): boolean {
  return (
    style.alignment !== "justify" &&
    !style.fontFeatures &&
    !style.characterSpacing &&
    !style.decoration &&
    !style.background &&
    !style.link &&
    !style.linkToPage &&
    !style.linkToDestination &&
    !style.noWrap &&
    !style.sup &&
    !style.sub &&
    !style.preserveLeadingSpaces &&
    !style.preserveTrailingSpaces &&
    (style.opacity === undefined || style.opacity === null || typeof style.opacity === "number")
  );
}

/**
 * Off only in tests, which compare the packed layout with pdfmake's own; `packed` counts the texts packed, so
 * such a test can tell that it compared something.
 */
export const packedTextSwitch = { enabled: true, packed: 0 };

/** The words of `node`, measured as pdfmake measures them; undefined where pdfmake's own path is needed. */
function pack(measurer: DocMeasureLike, node: LeafNode, get: GetStyleProperty): PackedText | undefined {
  if (!packedTextSwitch.enabled) return undefined;
  const text = node.text;
  if (typeof text !== "string" || text.includes("\r")) return undefined;
  if (node._textRef || node.id || node.outline || node.tocItem || node._tocItemRef || node._pageRef) {
    return undefined;
  }
  const stack = measurer.styleStack.clone();
  stack.push(node);
  // TextBreaker's and measure's lookups for a string item (`item || {}` has none of these properties).
  const { style, wordBreak, leadingIndent } = stackStyle(measurer.textInlines, get, stack);
  if (wordBreak === "break-all" || style.noWrap || leadingIndent) return undefined;
  if (!packable(style)) return undefined;
  const { words, lineEnds } = splitWords(text);
  const count = words.length;
  const widths = new Float64Array(count);
  const leadingCuts = new Float64Array(count);
  const trailingCuts = new Float64Array(count);
  const ends = new Uint8Array(count);
  for (const i of lineEnds) ends[i] = 1;
  const { byText, byCode } = widthCache(style);
  const textInlines = measurer.textInlines;
  // widthOfText reads the font, size, features and spacing of the word it is given: the style has them.
  const probe = style as unknown as object;
  const width = (t: string): number => {
    let w = byText.get(t);
    if (w === undefined) {
      w = textInlines.widthOfText(t, probe);
      byText.set(t, w);
    }
    return w;
  };
  for (let i = 0; i < count; i++) {
    const word = words[i] as string;
    if (word.length === 1) {
      // One unit (not a line break: splitWords took those off): the word is all space or has none.
      const code = word.charCodeAt(0);
      if (code === 0x0a) return undefined;
      let w = byCode.get(code);
      if (w === undefined) {
        w = width(word);
        byCode.set(code, w);
      }
      widths[i] = w;
      if (isSpaceUnit(code)) {
        leadingCuts[i] = 0 + w;
        trailingCuts[i] = w;
      }
      continue;
    }
    if (word.includes("\n")) return undefined;
    widths[i] = width(word);
    const leading = LEADING.exec(word);
    leadingCuts[i] = leading ? 0 + width(leading[0]) : 0;
    const trailing = TRAILING.exec(word);
    trailingCuts[i] = trailing ? width(trailing[0]) : 0;
  }
  const height = style.font.lineHeight(style.fontSize) * style.lineHeight;
  packedTextSwitch.packed++;
  return new PackedText(words, widths, leadingCuts, trailingCuts, ends, style, height, textInlines);
}

/** `buildInlines`' minimum and maximum widths, over the packed words. */
function extremeWidths(packed: PackedText): { minWidth: number; maxWidth: number } {
  let minWidth = 0;
  let maxWidth = 0;
  let lineWidth: { width: number; leadingCut: number; trailingCut: number } | null = null;
  for (let i = 0; i < packed.count; i++) {
    const width = packed.widths[i] as number;
    const leadingCut = packed.leadingCuts[i] as number;
    const trailingCut = packed.trailingCuts[i] as number;
    minWidth = Math.max(minWidth, Math.max(0, width - leadingCut - trailingCut));
    if (!lineWidth) lineWidth = { width: 0, leadingCut, trailingCut: 0 };
    lineWidth.width += width;
    lineWidth.trailingCut = trailingCut;
    maxWidth = Math.max(
      maxWidth,
      Math.max(0, lineWidth.width - lineWidth.leadingCut - lineWidth.trailingCut),
    );
    if (packed.lineEnds[i]) lineWidth = null;
  }
  return { minWidth, maxWidth };
}

/** Words `from` onwards as pdfmake's own inlines, for a line pdfmake must cut itself. */
function unpack(packed: PackedText, from: number): Word[] {
  const inlines: Word[] = [];
  for (let i = from; i < packed.count; i++) {
    const item = { text: packed.words[i] as string } as Word;
    if (packed.lineEnds[i]) item.lineEnd = true;
    const word = plainWord(item, packed.style);
    finishWord(packed.measurer, word, packed.style);
    inlines.push(word);
  }
  return inlines;
}

/** The inline standing for words `from` to `to` (excluded), with `Line`'s sums of theirs. */
function lineInline(packed: PackedText, from: number, to: number, width: number): Word {
  const item = { text: packed.words.slice(from, to).join("") } as Word;
  if (packed.lineEnds[to - 1]) item.lineEnd = true;
  const inline = plainWord(item, packed.style) as Word & { [PACKED_WORDS]?: PackedRange };
  inline.width = width;
  inline.height = packed.height;
  inline.leadingCut = packed.leadingCuts[from] as number;
  inline.trailingCut = packed.trailingCuts[to - 1] as number;
  inline[PACKED_WORDS] = { text: packed, from, to };
  return inline;
}

const MEASURE_INSTALLED = Symbol.for("hyoka.packedMeasure");
const LINES_INSTALLED = Symbol.for("hyoka.packedLines");

/**
 * Installs packed measuring. Before measure-reuse.ts, so that what it keeps from one layout to the next is
 * the packed words.
 */
export function installPackedMeasure(): void {
  const { default: DocMeasure } = pdfmakeInternal("DocMeasure") as { default: { prototype: object } };
  const StyleContextStack = (
    pdfmakeInternal("StyleContextStack") as { default: { getStyleProperty: GetStyleProperty } }
  ).default;
  const measurer = DocMeasure.prototype as {
    measureLeaf(this: DocMeasureLike, node: LeafNode): LeafNode;
    [MEASURE_INSTALLED]?: true;
  };
  if (measurer[MEASURE_INSTALLED]) return;
  const measureLeaf = measurer.measureLeaf;
  // Looked up at each call, as pdfmake does (style-stack.ts replaces it).
  const get: GetStyleProperty = (item, s, property, fallback) =>
    StyleContextStack.getStyleProperty(item, s, property, fallback);
  measurer.measureLeaf = function packedMeasureLeaf(node) {
    const packed = pack(this, node, get);
    if (!packed) return measureLeaf.call(this, node);
    const { minWidth, maxWidth } = extremeWidths(packed);
    node._inlines = [packed];
    node._minWidth = minWidth;
    node._maxWidth = maxWidth;
    return node;
  };
  measurer[MEASURE_INSTALLED] = true;
}

/**
 * Installs line filling from packed words. After measure-reuse.ts, whose watch of `buildNextLine` (for
 * layouts that change pdfmake's words) has nothing to watch in a packed text: its words are never changed.
 */
export function installPackedLines(): void {
  const { default: LayoutBuilder } = pdfmakeInternal("LayoutBuilder") as {
    default: { prototype: object };
  };
  const { default: Line } = pdfmakeInternal("Line") as {
    default: new (maxWidth: number) => LineLike;
  };
  const builder = LayoutBuilder.prototype as {
    buildNextLine(this: LayoutBuilderLike, node: LeafNode): LineLike | null;
    [LINES_INSTALLED]?: true;
  };
  if (builder[LINES_INSTALLED]) return;
  const buildNextLine = builder.buildNextLine;
  builder.buildNextLine = function packedBuildNextLine(node) {
    const inlines = node._inlines;
    const packed = inlines?.[0];
    if (!(packed instanceof PackedText) || inlines?.length !== 1) return buildNextLine.call(this, node);
    const state = inlines as PackedInlines;
    const from = state[NEXT] ?? 0;
    const maxWidth = this.writer.context().availableWidth;
    // pdfmake's loop (`buildNextLine`, `Line.hasEnoughSpaceForInline`, `Line.addInline`) on the sums alone.
    let inlineWidths = 0;
    let leadingCut = 0;
    let trailingCut = 0;
    let to = from;
    while (to < packed.count) {
      const width = packed.widths[to] as number;
      const wordTrailingCut = packed.trailingCuts[to] as number;
      if (to > from) {
        if (packed.lineEnds[to - 1]) break;
        if (inlineWidths + width - leadingCut - wordTrailingCut > maxWidth) break;
      }
      const available = maxWidth - (inlineWidths - leadingCut - trailingCut);
      if ((packed.words[to] as string).length > 1 && width > available) {
        // pdfmake would cut this word: from here on, the words are pdfmake's.
        node._inlines = unpack(packed, from);
        return buildNextLine.call(this, node);
      }
      if (to === from) leadingCut = packed.leadingCuts[to] as number;
      trailingCut = wordTrailingCut;
      inlineWidths += width;
      to++;
    }
    const line = new Line(maxWidth);
    line.addInline(lineInline(packed, from, to, inlineWidths));
    if (to < packed.count) state[NEXT] = to;
    else (state as unknown[]).length = 0;
    line.lastLineInParagraph = to >= packed.count;
    return line;
  };
  builder[LINES_INSTALLED] = true;
}
