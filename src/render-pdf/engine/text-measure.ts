/**
 * pdfmake's word measuring with each text's style resolved once. pdfmake's `TextInlines.measure` (0.3.11)
 * resolves twenty-three style properties for every word through the style stack, and a line of Japanese has a
 * word per character: some 200 000 lookups a sheet, a tenth of its time even with the faster lookups of
 * style-stack.ts.
 *
 * Nearly every word pdfmake breaks a text into is plain: it has its `text` and perhaps `lineEnd` or
 * `noNewLine`, and no style of its own (words of a text given as a string carry none, and the stack does not
 * change while a text's words are measured), so every plain word of one call gets the same style: it is
 * resolved once, by the same lookups, and given to each. A word with anything else (a run in a fallback font,
 * the first word of an indented paragraph) is resolved on its own, as before. The rest is pdfmake's `measure`,
 * step for step: the same properties, set in the same order, the same widths, heights and cuts.
 *
 * Why a replacement of `TextInlines.prototype.measure`: pdfmake creates its measurers inside the layout.
 */
import { pdfmakeInternal } from "./internals.js";
import type { GetStyleProperty, ResolvedStyle, StyleStack, TextInlinesLike, Word } from "./measure-types.js";
import { resolveStyle, stackStyle } from "./stack-style.js";

export type {
  FontLike,
  GetStyleProperty,
  ResolvedStyle,
  StyleStack,
  TextInlinesLike,
  Word,
} from "./measure-types.js";

/** A word as pdfmake's TextBreaker makes it from a text without style of its own. */
function isPlain(word: object): boolean {
  for (const key in word) {
    if (key !== "text" && key !== "lineEnd" && key !== "noNewLine") return false;
  }
  return true;
}

/** A plain word with its style: the properties `measure` sets, with `lineEnd` and `noNewLine` as it had them. */
export function plainWord(item: Word, style: ResolvedStyle): Word {
  const word: Word = {
    text: item.text,
    font: style.font,
    alignment: style.alignment,
    fontSize: style.fontSize,
    fontFeatures: style.fontFeatures,
    characterSpacing: style.characterSpacing,
    color: style.color,
    decoration: style.decoration,
    decorationColor: style.decorationColor,
    decorationStyle: style.decorationStyle,
    decorationThickness: style.decorationThickness,
    background: style.background,
    link: style.link,
    linkToPage: style.linkToPage,
    linkToDestination: style.linkToDestination,
    noWrap: style.noWrap,
    opacity: style.opacity,
    sup: style.sup,
    sub: style.sub,
    width: 0,
    height: 0,
    leadingCut: 0,
    trailingCut: 0,
  };
  if ("lineEnd" in item) word.lineEnd = item.lineEnd;
  if ("noNewLine" in item) word.noNewLine = item.noNewLine;
  return word;
}

const LEADING = /^(\s)+/g;
const TRAILING = /(\s)+$/g;

/** The rest of pdfmake's `measure` for a word whose style is set: sizes, widths and the cuts of spaces. */
export function finishWord(self: TextInlinesLike, item: Word, style: ResolvedStyle): void {
  if (item.sup || item.sub) {
    // font size reduction taken from here: https://en.wikipedia.org/wiki/Subscript_and_superscript#Desktop_publishing
    item.fontSize *= 0.58;
  }
  item.width = self.widthOfText(item.text, item);
  item.height = item.font.lineHeight(item.fontSize) * style.lineHeight;
  if (!item.leadingCut) item.leadingCut = 0;
  if (!style.preserveLeadingSpaces) {
    const leadingSpaces = item.text.match(LEADING);
    if (leadingSpaces) item.leadingCut += self.widthOfText(leadingSpaces[0] as string, item);
  }
  item.trailingCut = 0;
  if (!style.preserveTrailingSpaces) {
    const trailingSpaces = item.text.match(TRAILING);
    if (trailingSpaces) item.trailingCut = self.widthOfText(trailingSpaces[0] as string, item);
  }
}

const INSTALLED = Symbol.for("hyoka.textMeasure");

/** Installs the measuring with styles resolved once per text. Idempotent. */
export function installTextMeasure(): void {
  const TextInlines = (
    pdfmakeInternal("TextInlines") as {
      default: { prototype: { measure(array: Word[], stack: StyleStack): Word[]; [INSTALLED]?: true } };
    }
  ).default;
  const StyleContextStack = (
    pdfmakeInternal("StyleContextStack") as { default: { getStyleProperty: GetStyleProperty } }
  ).default;
  const proto = TextInlines.prototype;
  if (proto[INSTALLED]) return;
  proto.measure = function measure(this: TextInlinesLike, array, stack) {
    // Looked up at each call, as pdfmake does (style-stack.ts replaces it).
    const get: GetStyleProperty = (item, s, property, fallback) =>
      StyleContextStack.getStyleProperty(item, s, property, fallback);
    const first = array[0];
    if (first) {
      const leadingIndent = get(first, stack, "leadingIndent", 0) as number;
      if (leadingIndent) {
        first.leadingCut = -leadingIndent;
        first.leadingIndent = leadingIndent;
      }
    }
    let plain: ResolvedStyle | undefined;
    for (let i = 0; i < array.length; i++) {
      const item = array[i] as Word;
      if (isPlain(item)) {
        plain ??= stack
          ? stackStyle(this, get, stack as Parameters<typeof stackStyle>[2]).style
          : resolveStyle(this, get, {}, stack);
        // Built whole rather than grown by twenty-odd assignments: the same properties, without the copies
        // of a growing object (a fifth of everything a sheet allocated).
        const word = plainWord(item, plain);
        array[i] = word;
        finishWord(this, word, plain);
      } else {
        const style = resolveStyle(this, get, item, stack);
        item.font = style.font;
        item.alignment = style.alignment;
        item.fontSize = style.fontSize;
        item.fontFeatures = style.fontFeatures;
        item.characterSpacing = style.characterSpacing;
        item.color = style.color;
        item.decoration = style.decoration;
        item.decorationColor = style.decorationColor;
        item.decorationStyle = style.decorationStyle;
        item.decorationThickness = style.decorationThickness;
        item.background = style.background;
        item.link = style.link;
        item.linkToPage = style.linkToPage;
        item.linkToDestination = style.linkToDestination;
        item.noWrap = style.noWrap;
        item.opacity = style.opacity;
        item.sup = style.sup;
        item.sub = style.sub;
        finishWord(this, item, style);
      }
    }
    return array;
  };
  proto[INSTALLED] = true;
}
