/**
 * One text object per run of like-styled words. pdfmake measures and places text word by word, and a line of
 * Japanese has a word per character (every ideograph is a break opportunity), so pdfmake's `renderLine` gives
 * pdfkit one `text()` call per character: each call writes about fifteen operators (`gs`, `cs`, `scn`, `f`, `q`,
 * `cm`, `BT`, `Tm`, `Tf`, `TJ`, `ET`, `Q`…), 240–320 kB of content stream per page, all of which pdfkit then
 * builds string by string and compresses. pdfmake's own comment there reads "lines without differently
 * styled inlines should be written to pdf as one stream".
 *
 * hyoka's `renderLine` does that for plain lines: consecutive words with the same font, size, colour and
 * opacity share one opacity and colour setting and one `BT … ET` with one `Tf`, and each word keeps its own
 * `Tm` at exactly the position pdfmake gave it (the same number, formatted the same way), with its glyphs and
 * their adjustments encoded exactly as pdfkit's `_fragment` encodes them (once per distinct word and document,
 * see {@link wordOperators}). So every glyph is drawn at the same place as before, and only the operators
 * between words go: the content streams halve, and 200 generated sheets (416 pages) rasterised by mupdf gave
 * the same pixels and the same text as before. Backgrounds and decorations are drawn by pdfmake's own
 * `TextDecorator`, as before. A line with anything else (links, destinations, outlines, page references, font
 * features, character spacing, super- or subscript, a line break inside a word) is drawn by pdfmake's
 * original code.
 *
 * A line of a packed text (packed-text.ts) goes further: its words follow each other in a single `TJ` array
 * after one `Tm`. Each word's glyphs advance the pen by the glyphs' widths, which add up to the word's width
 * as pdfmake measured it, so each word still starts where pdfmake placed it (exactly, for a reader that uses
 * the font's widths as written: poppler rasterised a sheet's page to the same pixels; mupdf rounds the widths
 * to whole units and drifts by up to 0.04 pt over a line).
 * The content streams of 200 generated sheets halved again (a page's 114 kB to 62 kB before compression) and
 * their text reads the same.
 *
 * Why a patch of `Renderer.prototype.renderLine`: pdfmake creates its renderer inside `createPdfKitDocument`.
 */
import { pdfmakeInternal } from "./internals.js";
import { PACKED_WORDS, type PackedRange } from "./packed-text.js";

interface EncodedPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

interface PdfkitFont {
  id: string;
  ascender: number;
  encode(text: string, features?: unknown): [string[], EncodedPosition[]];
  ref(): unknown;
  /** An embedded font's (pdfkit's `EmbeddedFont`); a standard font has none of these. */
  layoutCached?(text: string): {
    glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
    positions: EncodedPosition[];
  };
  subset?: { includeGlyph(gid: number): number };
  widths?: (number | undefined)[];
  unicode?: (number[] | undefined)[];
  scale?: number;
}

/** Subset glyph ids as pdfkit writes them in a `TJ` string (four hex digits), made once per id. */
const GLYPH_HEX: string[] = [];

/**
 * pdfkit's `EmbeddedFont.encode` of a word with no space or tab in it: the same glyph hex strings, the same
 * positions, the same glyphs added to the subset with the same widths and characters. pdfkit's `layout` splits
 * a text at spaces and tabs, and for a text without any it lays out the whole text (through the same
 * `layoutCached`), then copies the run's glyphs and positions into new arrays and sums its advance (fontkit's
 * `advanceWidth` getter, a loop over the positions) only to throw that away: half of `encode`'s time in a
 * profile. Anything else (a standard font, an empty text, one with spaces or tabs) is pdfkit's `encode`.
 */
export function encodeWord(font: PdfkitFont, text: string): [string[], EncodedPosition[]] {
  const { layoutCached, subset, widths, unicode, scale } = font;
  if (
    !layoutCached ||
    !subset ||
    !widths ||
    !unicode ||
    scale === undefined ||
    text === "" ||
    text.includes(" ") ||
    text.includes("\t")
  ) {
    return font.encode(text);
  }
  const { glyphs, positions } = layoutCached.call(font, text);
  const encoded = new Array<string>(glyphs.length);
  for (let i = 0; i < glyphs.length; i++) {
    const glyph = glyphs[i] as (typeof glyphs)[number];
    const gid = subset.includeGlyph(glyph.id);
    let hex = GLYPH_HEX[gid];
    if (hex === undefined) {
      hex = `0000${gid.toString(16)}`.slice(-4);
      GLYPH_HEX[gid] = hex;
    }
    encoded[i] = hex;
    if (widths[gid] == null) widths[gid] = glyph.advanceWidth * scale;
    if (unicode[gid] == null) unicode[gid] = glyph.codePoints;
  }
  return [encoded, positions];
}

interface Inline {
  text: string;
  x: number;
  font: PdfkitFont;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  link?: unknown;
  linkToPage?: unknown;
  linkToDestination?: unknown;
  fontFeatures?: unknown;
  characterSpacing?: number;
  sup?: boolean;
  sub?: boolean;
  _pageNodeRef?: unknown;
  /** For the inline of a packed line (packed-text.ts): the words it stands for. */
  [PACKED_WORDS]?: PackedRange;
}

interface Line {
  inlines: Inline[];
  id?: unknown;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}

interface PdfDocument {
  page: { height: number; fonts: Record<string, unknown> };
  _font: PdfkitFont;
  opacity(value: number): void;
  fill(color: unknown): void;
  fontSize(size: number): void;
  resolveColor(color: unknown, fallback: string): unknown;
  save(): void;
  restore(): void;
  transform(m11: number, m12: number, m21: number, m22: number, dx: number, dy: number): void;
  addContent(text: string): void;
}

interface RendererLike {
  pdfDocument: PdfDocument;
}

type RenderLine = (this: RendererLike, line: Line, x: number, y: number) => void;
type RenderPages = (this: RendererLike, pages: unknown[]) => void;

/**
 * When pdfmake's layout ended and drawing began (`performance.now()`), stamped on the pdfkit document under this
 * key: the boundary between layout and PDF writing in the sheet's timings.
 */
export const RENDER_STARTED = Symbol("hyoka.renderStarted");

/** pdfkit's number format in content streams (`PDFObject.number`). */
export function pdfNumber(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

function isPlain(inline: Inline): boolean {
  return (
    !inline._pageNodeRef &&
    !inline.link &&
    !inline.linkToPage &&
    !inline.linkToDestination &&
    !inline.fontFeatures &&
    !inline.characterSpacing &&
    !inline.sup &&
    !inline.sub &&
    (inline.opacity === undefined || inline.opacity === null || typeof inline.opacity === "number") &&
    typeof inline.text === "string" &&
    !inline.text.includes("\n")
  );
}

const opacityOf = (inline: Inline) =>
  typeof inline.opacity === "number" && !Number.isNaN(inline.opacity) ? inline.opacity : 1;

function sameRun(a: Inline, b: Inline): boolean {
  return (
    a.font === b.font && a.fontSize === b.fontSize && a.color === b.color && opacityOf(a) === opacityOf(b)
  );
}

const WORD_OPERATORS = Symbol("hyoka.wordOperators");
const WORD_TJ = Symbol("hyoka.wordTj");

/** A cache kept on a pdfkit font object, that is per document and font. */
function fontCache<V>(font: PdfkitFont, key: symbol): Map<string, V> {
  const holder = font as PdfkitFont & Record<symbol, Map<string, V> | undefined>;
  let cache = holder[key];
  if (!cache) {
    cache = new Map();
    holder[key] = cache;
  }
  return cache;
}

/**
 * A word's `TJ` operators by its text, per document and font: they hold the document's own subset glyph ids. A
 * word whose glyphs all sit on the baseline (the usual case) gives the same operators wherever it is drawn, so
 * a document encodes each distinct word once (a sheet draws the same few hundred characters thousands of times).
 * Encoding it again would change nothing: pdfkit's `encode` only records glyphs in the subset the first time.
 */
function wordOperators(font: PdfkitFont): Map<string, string[]> {
  return fontCache(font, WORD_OPERATORS);
}

/**
 * A word's operators after its `Tm` at (x, y) in PDF space, as pdfkit's `_fragment` writes them: its glyphs
 * in `TJ` arrays, with a `Tm` of their own for glyphs placed off the baseline. Kept per font and text when it
 * has none of those (then it does not depend on where it is drawn).
 */
function wordLines(font: PdfkitFont, size: number, text: string, x: number, y: number): string[] {
  const cache = wordOperators(font);
  const known = cache.get(text);
  if (known) return known;
  const [encoded, positions] = encodeWord(font, text);
  // The usual word, a character of Japanese: one glyph on the baseline, whose operators depend only on its
  // subset id and its adjustment. The same strings serve every document (made once, not per word and document).
  const only = positions.length === 1 ? (positions[0] as EncodedPosition) : undefined;
  if (only && !only.xOffset && !only.yOffset) {
    const lines = singleGlyphLines(encoded[0] as string, pdfNumber(-(only.xAdvance - only.advanceWidth)));
    cache.set(text, lines);
    return lines;
  }
  const scale = size / 1000;
  const lines: string[] = [];
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  let anyOffset = false;
  const addSegment = (cur: number) => {
    if (last < cur) {
      const hex = encoded.slice(last, cur).join("");
      const pos = positions[cur - 1] as EncodedPosition;
      commands.push(`<${hex}> ${pdfNumber(-(pos.xAdvance - pos.advanceWidth))}`);
    }
    last = cur;
  };
  const flush = (i: number) => {
    addSegment(i);
    if (commands.length > 0) {
      lines.push(`[${commands.join(" ")}] TJ`);
      commands.length = 0;
    }
  };
  let i = 0;
  for (; i < positions.length; i++) {
    const pos = positions[i] as EncodedPosition;
    if (pos.xOffset || pos.yOffset) {
      flush(i);
      lines.push(`1 0 0 1 ${pdfNumber(x + pos.xOffset * scale)} ${pdfNumber(y + pos.yOffset * scale)} Tm`);
      flush(i + 1);
      hadOffset = true;
      anyOffset = true;
    } else {
      if (hadOffset) {
        lines.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`);
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
    }
    x += pos.xAdvance * scale;
  }
  flush(i);
  // Glyphs placed off the baseline are placed by absolute position: such a word is encoded where it is drawn.
  if (!anyOffset) cache.set(text, lines);
  return lines;
}

/**
 * `[<hex> adjustment] TJ` by the adjustment and the glyph's hex id: the operators of every one-glyph word that
 * draws that glyph so, in any document, made once. Their elements (what a packed line puts in its `TJ` array)
 * are kept beside them.
 */
const SINGLE_GLYPH = new Map<number, Map<string, string[]>>();
const ELEMENTS = new WeakMap<readonly string[], string>();

function singleGlyphLines(hex: string, adjustment: number): string[] {
  let byHex = SINGLE_GLYPH.get(adjustment);
  if (!byHex) {
    byHex = new Map();
    SINGLE_GLYPH.set(adjustment, byHex);
  }
  let lines = byHex.get(hex);
  if (!lines) {
    const elements = `<${hex}> ${adjustment}`;
    lines = [`[${elements}] TJ`];
    byHex.set(hex, lines);
    ELEMENTS.set(lines, elements);
  }
  return lines;
}

/** A word's glyphs at (x, y) in PDF space, after its `Tm`. */
function writeGlyphs(
  doc: PdfDocument,
  font: PdfkitFont,
  size: number,
  text: string,
  x: number,
  y: number,
): void {
  for (const line of wordLines(font, size, text, x, y)) doc.addContent(line);
}

/**
 * The elements of a word's `TJ` array, for a word whose glyphs all sit on the baseline (its operators are then
 * a single `[…] TJ`); undefined for one that places glyphs off it.
 */
function tjElements(font: PdfkitFont, size: number, text: string): string | undefined {
  // Kept per word too (null for one off the baseline, which is so wherever it is drawn): looked up for every
  // word of every packed line.
  const cache = fontCache<string | null>(font, WORD_TJ);
  let elements = cache.get(text);
  if (elements === undefined) {
    const lines = wordLines(font, size, text, 0, 0);
    elements =
      lines.length === 1 && wordOperators(font).has(text)
        ? (ELEMENTS.get(lines) ?? (lines[0] as string).slice(1, -" TJ".length - 1))
        : null;
    cache.set(text, elements);
  }
  return elements ?? undefined;
}

/** Words `from` to `to` (excluded) of a line, one run, in one text object; font, size and colour are set. */
function writeRun(
  doc: PdfDocument,
  words: readonly Inline[],
  from: number,
  to: number,
  x: number,
  top: number,
) {
  const font = doc._font;
  const size = (words[from] as Inline).fontSize;
  const page = doc.page;
  // The same baseline for every word of the run.
  const y = page.height - top - (font.ascender / 1000) * size;
  const yTm = ` ${pdfNumber(y)} Tm`;
  let open = false;
  /** Draws a word at `wordX`, or writes `operators` already encoded there. */
  const draw = (text: string, wordX: number, operators = false) => {
    if (text.length === 0) return;
    if (!open) {
      doc.save();
      doc.transform(1, 0, 0, -1, 0, page.height);
      if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
      doc.addContent("BT");
    }
    const wx = x + wordX;
    doc.addContent(`1 0 0 1 ${pdfNumber(wx)}${yTm}`);
    if (!open) {
      doc.addContent(`/${font.id} ${pdfNumber(size)} Tf`);
      open = true;
    }
    if (operators) doc.addContent(text);
    else writeGlyphs(doc, font, size, text, wx, y);
  };
  for (let i = from; i < to; i++) {
    const word = words[i] as Inline;
    const packed = word[PACKED_WORDS];
    if (!packed) {
      draw(word.text, word.x);
      continue;
    }
    // Each word where pdfmake's Line.addInline would have put it: its x is the widths before it, less the
    // line's leading cut (the first word's), summed in the same order. A word's glyphs advance the pen by the
    // word's width (the sum of their advances, as pdfmake measured it), so after the first word's `Tm` the
    // others follow in the same `TJ` array, each starting where pdfmake placed it: one text-showing operator
    // per line instead of one `Tm` and `TJ` per character.
    const { text, from: first, to: end } = packed;
    const leadingCut = text.leadingCuts[first] as number;
    const elements: string[] = [];
    let start: number | undefined;
    let widths = 0;
    for (let k = first; k < end; k++) {
      const wordText = text.words[k] as string;
      const wordX = widths - leadingCut;
      widths += text.widths[k] as number;
      if (wordText.length === 0) continue;
      const tj = tjElements(font, size, wordText);
      if (tj === undefined) {
        start = Number.NaN;
        break;
      }
      start ??= wordX;
      elements.push(tj);
    }
    if (start === undefined) continue;
    if (!Number.isNaN(start)) {
      draw(`[${elements.join(" ")}] TJ`, start, true);
      continue;
    }
    // A word with glyphs off the baseline: each word with a `Tm` of its own.
    widths = 0;
    for (let k = first; k < end; k++) {
      draw(text.words[k] as string, widths - leadingCut);
      widths += text.widths[k] as number;
    }
  }
  if (open) {
    doc.addContent("ET");
    doc.restore();
  }
}

const INSTALLED = Symbol.for("hyoka.lineRenderer");
const CLOCK_INSTALLED = Symbol.for("hyoka.renderClock");

/**
 * Stamps {@link RENDER_STARTED} on the document when pdfmake starts drawing its pages (the sheet's timings).
 * Changes nothing drawn: installed in both engine modes. Idempotent.
 */
export function installRenderClock(): void {
  const proto = (
    pdfmakeInternal("Renderer") as {
      default: { prototype: { renderPages: RenderPages; [CLOCK_INSTALLED]?: true } };
    }
  ).default.prototype;
  if (proto[CLOCK_INSTALLED]) return;
  const renderPages = proto.renderPages;
  proto.renderPages = function stampedRenderPages(pages) {
    (this.pdfDocument as unknown as { [RENDER_STARTED]?: number })[RENDER_STARTED] = performance.now();
    renderPages.call(this, pages);
  };
  proto[CLOCK_INSTALLED] = true;
}

/** Installs the batched `renderLine` on pdfmake's renderer. Idempotent. */
export function installLineRenderer(): void {
  const Renderer = (
    pdfmakeInternal("Renderer") as {
      default: { prototype: { renderLine: RenderLine; [INSTALLED]?: true } };
    }
  ).default;
  const TextDecorator = (
    pdfmakeInternal("TextDecorator") as {
      default: new (
        doc: PdfDocument,
      ) => {
        drawBackground(line: Line, x: number, y: number): void;
        drawDecorations(line: Line, x: number, y: number): void;
      };
    }
  ).default;
  const proto = Renderer.prototype;
  if (proto[INSTALLED]) return;
  const original = proto.renderLine;
  proto.renderLine = function renderLine(line, x, y) {
    if (line._outline || line._pageNodeRef || line.id || !line.inlines.every(isPlain)) {
      original.call(this, line, x, y);
      return;
    }
    x = x || 0;
    y = y || 0;
    const doc = this.pdfDocument;
    const lineHeight = line.getHeight();
    const descent = lineHeight - line.getAscenderHeight();
    const decorator = new TextDecorator(doc);
    decorator.drawBackground(line, x, y);
    const inlines = line.inlines;
    for (let i = 0; i < inlines.length; ) {
      const first = inlines[i] as Inline;
      let j = i + 1;
      while (j < inlines.length && sameRun(first, inlines[j] as Inline)) j++;
      // As pdfmake per word: opacity, fill colour (with its empty `f`), font and size, left set afterwards.
      doc.opacity(opacityOf(first));
      doc.fill(doc.resolveColor(first.color, "black"));
      doc._font = first.font;
      doc.fontSize(first.fontSize);
      const shiftToBaseline = lineHeight - (first.font.ascender / 1000) * first.fontSize - descent;
      writeRun(doc, inlines, i, j, x, y + shiftToBaseline);
      i = j;
    }
    decorator.drawDecorations(line, x, y);
  };
  proto[INSTALLED] = true;
}
