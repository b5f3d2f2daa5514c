/**
 * Building blocks for form schemas (zod 4). Form folders under templates/ compose these, so every form gets
 * the same rules for text, years and amounts, and the same located, translated messages.
 */
import { z } from "zod";

/** Custom issues carry a message key and values; the validate stage turns them into ja/en text. */
export interface CustomIssueParams {
  key: string;
  [name: string]: unknown;
}

type RefineContext = Parameters<Parameters<z.ZodString["superRefine"]>[0]>[1];

export function addCustomIssue(
  ctx: { addIssue: RefineContext["addIssue"] },
  params: CustomIssueParams,
  path?: (string | number)[],
): void {
  ctx.addIssue({ code: "custom", message: `hyoka:${params.key}`, params, ...(path ? { path } : {}) });
}

export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Characters that must not reach a PDF or a workbook: C0 controls other than tab and line feed (XML 1.0 cannot
 * carry them; exceljs then writes a file other readers refuse), U+FFFE/U+FFFF, zero-width characters and
 * variation selectors (no font draws them: pdfmake would print boxes), and the BOM.
 */
function isForbiddenCodePoint(cp: number): boolean {
  return (
    (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a) ||
    cp === 0x7f ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    cp === 0xfeff ||
    cp === 0xfffe ||
    cp === 0xffff
  );
}

/**
 * The longest run of characters with no line-break opportunity that a text may hold. pdfmake lays such a run
 * out in quadratic time and hard-wraps it anywhere, so a long one is refused before layout.
 */
export const MAX_UNBROKEN_RUN = 80;
const UNBROKEN_RUN = new RegExp(
  `[^\\s\\u3000-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65、。]{${MAX_UNBROKEN_RUN + 1},}`,
  "u",
);

/**
 * The most combining marks (Unicode category M) one character may carry. Japanese needs at most one, 濁点 or
 * 半濁点, and NFC composes those into the character (が, ぱ); Latin text rarely needs two (ệ, ǘ are one
 * character after NFC too). A longer stack ("Zalgo" text) is drawn above and below its line, over the row
 * above and the section heading, so it is refused with its place.
 */
export const MAX_COMBINING_MARKS = 2;
const MARK = /\p{M}/u;

/** A combining mark with nothing to sit on, or a stack of more than {@link MAX_COMBINING_MARKS}. */
function checkCombiningMarks(value: string, ctx: RefineContext): void {
  // Most text holds no mark at all (NFC has composed it): one scan, no per-character work.
  if (!MARK.test(value)) return;
  let index = 0;
  let base = 0;
  let marks = 0;
  const stack = () => {
    if (marks <= MAX_COMBINING_MARKS) return false;
    addCustomIssue(ctx, { key: "combining-stack", index: base, count: marks, max: MAX_COMBINING_MARKS });
    return true;
  };
  for (const ch of value) {
    index++;
    if (MARK.test(ch)) {
      if (index === 1) {
        addCustomIssue(ctx, { key: "combining-start", codePoint: codePointLabel(ch.codePointAt(0) ?? 0) });
        return;
      }
      marks++;
      continue;
    }
    if (stack()) return;
    base = index;
    marks = 0;
  }
  stack();
}

export function checkText(value: string, ctx: RefineContext): void {
  if (!value.isWellFormed()) {
    const index = [...value].findIndex((ch) => {
      const cp = ch.codePointAt(0) ?? 0;
      return cp >= 0xd800 && cp <= 0xdfff;
    });
    addCustomIssue(ctx, { key: "lone-surrogate", index: index + 1 });
    return;
  }
  let index = 0;
  let forbidden = false;
  for (const ch of value) {
    index++;
    const cp = ch.codePointAt(0) ?? 0;
    if (isForbiddenCodePoint(cp)) {
      addCustomIssue(ctx, { key: "forbidden-char", codePoint: codePointLabel(cp), index });
      forbidden = true;
      break;
    }
  }
  // Variation selectors are marks too: a text already refused for one is not refused twice.
  if (!forbidden) checkCombiningMarks(value, ctx);
  if (value.trim() === "") addCustomIssue(ctx, { key: "blank-text" });
  const run = UNBROKEN_RUN.exec(value);
  if (run) addCustomIssue(ctx, { key: "unbroken-run", length: [...run[0]].length, max: MAX_UNBROKEN_RUN });
}

export interface FieldMeta {
  /** The field's label as the form prints it (Japanese). Shown in messages and editors. */
  title: string;
  /** English label, for `--lang en`. */
  titleEn: string;
  description?: string;
  /** How an element of an array is named in messages. */
  itemLabel?: "circled" | "year" | "kind" | "ordinal" | "bullet";
  examples?: unknown[];
  /**
   * What an editor offers to insert here (VS Code's JSON Schema extension `defaultSnippets`): `body` is the JSON
   * inserted, `${1:text}` a place the cursor visits, and a string starting with `^` goes in as written (a number).
   */
  defaultSnippets?: { label: string; description?: string; body: unknown }[];
}

/** A place the cursor visits in an editor's snippet (VS Code: `${1:text}`), holding `text` to type over. */
export function snippetStop(index: number, text: string): string {
  return `\${${index}:${text}}`;
}

/** The same for a number: inserted as written, not as a string (VS Code's `^` prefix in `defaultSnippets`). */
export function snippetNumber(index: number, value: number): string {
  return `^${snippetStop(index, String(value))}`;
}

/** A place in a snippet where the editor offers a choice (VS Code: `${1|a,b|}`). */
export function snippetChoice(index: number, options: readonly string[]): string {
  return `\${${index}|${options.join(",")}|}`;
}

/** Attach labels; they go into the JSON Schema too (`x-title-en`, `x-item-label` are ignored by editors). */
export function labelled<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  const { titleEn, itemLabel, ...rest } = meta;
  return schema.meta({
    ...rest,
    "x-title-en": titleEn,
    ...(itemLabel ? { "x-item-label": itemLabel } : {}),
  }) as T;
}

/** A single line of text, e.g. a name. */
export function line(max: number) {
  return z.string().min(1).max(max).superRefine(checkText);
}

/** A text that may run over several lines in a cell. */
export function longText(max: number) {
  return z.string().min(1).max(max).superRefine(checkText);
}

export const MIN_YEAR = 1989;
export const MAX_YEAR = 2200;

/** A fiscal year (年度) in Western numbering; era labels are derived, never stored. */
export function fiscalYear() {
  return z.int().min(MIN_YEAR).max(MAX_YEAR);
}

/** An amount in thousand yen: a whole, non-negative number. */
export function amount() {
  return z.int().min(0).max(999_999_999_999);
}

/**
 * The smallest magnitude a measured value may have, other than 0: below it JavaScript writes a number with an
 * exponent (`1e-7`), which no printed form shows, so the renderers refuse it (render-pdf/format.ts).
 */
export const MIN_PRINTABLE_MAGNITUDE = 1e-6;

/** A measured or planned value; any finite number that prints without an exponent. */
export function measuredValue() {
  return z
    .number()
    .min(-1e15)
    .max(1e15)
    .superRefine((value, ctx) => {
      if (value !== 0 && Math.abs(value) < MIN_PRINTABLE_MAGNITUDE)
        addCustomIssue(ctx, { key: "number-too-small", value: String(value), min: MIN_PRINTABLE_MAGNITUDE });
    })
    .meta({
      // The same rule for editors: not a non-zero number of a magnitude below the smallest printable one.
      not: {
        exclusiveMinimum: -MIN_PRINTABLE_MAGNITUDE,
        exclusiveMaximum: MIN_PRINTABLE_MAGNITUDE,
        not: { const: 0 },
      },
    });
}

/** The longest text a number cell may hold instead of a number (`−`, `集計中`, `調査中`). */
export const MAX_VALUE_TEXT = 10;

/**
 * A text that reads as a number (`"1,234"`, `"１２３４"`, `" 19.0 "`): it must be written as a JSON number, so
 * it is refused with the hint for numbers, not taken as text. After NFKC (full-width digits become ASCII) and
 * without commas, spaces and a sign, what is left is digits with at most one decimal point.
 */
export function looksLikeNumber(text: string): boolean {
  const normalized = text
    .normalize("NFKC")
    .replace(/[,，\s]/g, "")
    .replace(/^[+\-−]/, "");
  return /^(\d+\.?\d*|\.\d+)$/.test(normalized);
}

/** The JSON Schema form of {@link looksLikeNumber} (ASCII and full-width digits, commas, spaces, a sign). */
const NUMBER_LIKE_PATTERN =
  "^(?=.*[0-9０-９])[\\s　]*[+\\-−＋－]?[\\s　]*[0-9０-９,，\\s　]*[.．]?[0-9０-９,，\\s　]*$";

/**
 * A short text printed where a number would be (`−`, `集計中`): at most {@link MAX_VALUE_TEXT} characters, not
 * a number written as a string.
 */
export function valueText() {
  return z
    .string()
    .min(1)
    .max(MAX_VALUE_TEXT)
    .superRefine((value, ctx) => {
      if (value === "") return; // min(1) says it
      if (looksLikeNumber(value)) {
        addCustomIssue(ctx, { key: "number-as-text", value });
        return;
      }
      checkText(value, ctx);
    })
    .meta({ not: { pattern: NUMBER_LIKE_PATTERN } });
}

/**
 * A number cell that may hold a short text instead (`集計中`). The number comes first: a validator reports a
 * wrong number against the number's rules (src/validate picks the branch of the value's JSON type).
 */
export function numberOrText<T extends z.ZodType<number>>(number: T) {
  return z.union([number, valueText()]);
}

/** Adds an issue for each element whose `year` repeats or goes backwards. */
export function checkYearsAscending(
  rows: readonly { year: number }[],
  ctx: { addIssue: RefineContext["addIssue"] },
  pathTo: (index: number) => (string | number)[],
): void {
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]?.year;
    const cur = rows[i]?.year;
    if (prev === undefined || cur === undefined) continue;
    if (cur === prev) addCustomIssue(ctx, { key: "year-duplicate", year: cur }, pathTo(i));
    else if (cur < prev) addCustomIssue(ctx, { key: "year-order", year: cur, previous: prev }, pathTo(i));
  }
}
