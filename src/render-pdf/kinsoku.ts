/**
 * Japanese line breaking (禁則処理) on top of pdfmake's breaker: the rules. They reach pdfmake through the
 * engine's hook on the line breaker (engine/kinsoku-breaker.ts, installed in both engine modes).
 *
 * pdfmake splits text into words with the `linebreak` package (UAX #14) and never breaks inside a word unless
 * the word is wider than its whole line. UAX #14 already keeps `、。」）ー` and small kana off line starts, but
 * allows a break before `～ ― —`, between full-width digits or letters (`１２３４`), and between half-width
 * katakana. hyoka removes those break opportunities; it never adds one, so everything UAX #14 forbids stays
 * forbidden.
 */

/** No line may start with these (JIS X 4051 行頭禁則, the strict set). */
export const LINE_START_FORBIDDEN = new Set(
  [
    // ASCII `)` `]` `}` and `>` close brackets too (`<暫定値>`): the city's texts use them so.
    ...")]}>）］｝〕〉》」』】〙〗〟’”｠»›",
    ...",.:;?!、。，．：；？！‼⁇⁈⁉・･",
    ..."ーｰ～〜―—‐–゠…‥",
    ..."ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯ",
    ..."々〻ゝゞヽヾ",
    ..."%％‰℃°′″",
  ].map((c) => c.codePointAt(0) as number),
);

/** No line may end with these (行末禁則). */
export const LINE_END_FORBIDDEN = new Set(
  [..."([{<（［｛〔〈《「『【〘〖〝‘“｟«‹"].map((c) => c.codePointAt(0) as number),
);

const isFullwidthAlnum = (cp: number) =>
  (cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a);
const isFullwidthDigit = (cp: number) => cp >= 0xff10 && cp <= 0xff19;
const isHalfwidthKatakana = (cp: number) => cp >= 0xff66 && cp <= 0xff9f;
const isAsciiAlnum = (cp: number) =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
const NUMBER_SEPARATORS = new Set([..."，．,."].map((c) => c.codePointAt(0) as number));

function codePointBefore(text: string, index: number): number | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2);
  }
  return low;
}

/** Whether a line may break at `position` (between `text[position - 1]` and `text[position]`). */
export function isBreakAllowed(text: string, position: number): boolean {
  const after = text.codePointAt(position);
  const before = codePointBefore(text, position);
  if (after === undefined || before === undefined) return true;
  if (LINE_START_FORBIDDEN.has(after) || LINE_END_FORBIDDEN.has(before)) return false;
  if (isFullwidthAlnum(before) && isFullwidthAlnum(after)) return false;
  if (isHalfwidthKatakana(before) && isHalfwidthKatakana(after)) return false;
  if (isAsciiAlnum(before) && isAsciiAlnum(after)) return false;
  // `１，２３４` and `１．５`: the separator between two digits belongs to the number.
  if (NUMBER_SEPARATORS.has(before) && isFullwidthDigit(after)) {
    const beforeSeparator = codePointBefore(text, position - 1);
    if (beforeSeparator !== undefined && isFullwidthDigit(beforeSeparator)) return false;
  }
  return true;
}
