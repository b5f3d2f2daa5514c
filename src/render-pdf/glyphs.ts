/**
 * No silent tofu. pdfkit draws a box for a character its font lacks and says nothing, so every character of a
 * sheet is looked up in the configured fonts before rendering: the main font, then each fallback. A character
 * only a fallback has is drawn in that fallback; a character no font has fails the sheet with its place.
 */
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import { codePointLabel } from "../forms/kit.js";
import { fieldLabel } from "../forms/labels.js";
import type { AnyForm } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { pointerOf } from "../load/parse-json.js";
import type { LoadedFonts } from "./fonts.js";

/** Index into `LoadedFonts.families` of the first family that has the character, or -1. */
export type GlyphResolver = (codePoint: number) => number;

/** Zero-width characters and variation selectors: no font draws them, pdfkit would print a box. */
export function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    cp === 0xfeff ||
    cp === 0x180e
  );
}

/** Characters the layout handles itself (line breaks, tabs) and needs no glyph for. */
function isLayoutControl(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x09;
}

export function createGlyphResolver(fonts: LoadedFonts): GlyphResolver {
  // Shared by every sheet of the process: a few thousand distinct characters at most.
  const memo = new Map<number, number>();
  return (cp) => {
    let index = memo.get(cp);
    if (index === undefined) {
      index = fonts.families.findIndex((f) => f.normal.font.hasGlyphForCodePoint(cp));
      memo.set(cp, index);
    }
    return index;
  };
}

function visitStrings(
  value: unknown,
  path: PropertyKey[],
  visit: (text: string, path: readonly PropertyKey[]) => void,
): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visitStrings(value[i], [...path, i], visit);
  } else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      // `$schema` and the like are for editors and never printed.
      if (path.length === 0 && key.startsWith("$")) continue;
      visitStrings(v, [...path, key], visit);
    }
  }
}

export interface GlyphCheckContext {
  file: string;
  lang: Lang;
  locate(path: readonly PropertyKey[]): { line: number; column: number };
}

export function checkSheetGlyphs(
  fonts: LoadedFonts,
  resolve: GlyphResolver,
  form: AnyForm,
  data: unknown,
  ctx: GlyphCheckContext,
): Diagnostic[] {
  return checkDataGlyphs(fonts, resolve, form.schema, data, ctx);
}

/**
 * Every string of `data` (a sheet, or `hyoka.config.json`, whose title and issuer the cover prints) against the
 * fonts; fields are named by `schema`'s labels.
 */
export function checkDataGlyphs(
  fonts: LoadedFonts,
  resolve: GlyphResolver,
  schema: AnyForm["schema"],
  data: unknown,
  ctx: GlyphCheckContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fontNames = fonts.families.map((f) => f.name).join(", ");
  visitStrings(data, [], (text, path) => {
    const reported = new Set<number>();
    let index = 0;
    for (const ch of text) {
      index++;
      const cp = ch.codePointAt(0) as number;
      if (isLayoutControl(cp) || reported.has(cp)) continue;
      const invisible = isInvisible(cp);
      if (!invisible && resolve(cp) >= 0) continue;
      reported.add(cp);
      const place = ctx.locate(path);
      const label = codePointLabel(cp);
      out.push(
        diagnostic(ctx.lang, {
          code: invisible ? "glyph-invisible" : "glyph-missing",
          file: ctx.file,
          line: place.line,
          column: place.column,
          pointer: pointerOf(path),
          field: fieldLabel(schema, path, data, ctx.lang),
          message: invisible
            ? {
                ja: `目に見えない文字 ${label} があります(${index}文字目)。印刷すると四角になるため使えません`,
                en: `invisible character ${label} at character ${index}: it would print as a box`,
              }
            : {
                ja: `文字「${ch}」(${label}) はどのフォントにもありません(${fontNames})。${index}文字目`,
                en: `character "${ch}" (${label}) is in none of the fonts (${fontNames}), at character ${index}`,
              },
          hint: invisible
            ? { ja: "その文字を削除してください", en: "delete the character" }
            : {
                ja: "別の文字に置き換えるか、その文字を持つフォントを fonts/fonts.json の fallbacks に加えてください",
                en: "replace the character, or add a font that has it to fallbacks in fonts/fonts.json",
              },
        }),
      );
    }
  });
  return out;
}

type TextRun = string | { text: string; font: string };

/** Splits a string into runs by font; a string the main font covers comes back unchanged. */
export function fallbackRuns(
  text: string,
  resolve: GlyphResolver,
  familyIds: readonly string[],
): TextRun[] | string {
  // Walked by code point (not `for…of`, which makes a string of every character): most strings need no
  // fallback and come back as they are, without allocating anything.
  let needsFallback = false;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    if (resolve(cp) > 0) {
      needsFallback = true;
      break;
    }
  }
  if (!needsFallback) return text;
  const runs: TextRun[] = [];
  let start = 0;
  let currentFamily = 0;
  const flush = (end: number) => {
    if (end === start) return;
    const run = text.slice(start, end);
    runs.push(currentFamily === 0 ? run : { text: run, font: familyIds[currentFamily] as string });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    // Unknown characters stay in the main font: the glyph check has already failed such a sheet.
    const family = Math.max(0, resolve(cp));
    if (family !== currentFamily) {
      flush(i);
      currentFamily = family;
    }
    if (cp > 0xffff) i++;
  }
  flush(text.length);
  return runs;
}

/**
 * Rewrites every `text` of a pdfmake content tree so characters only a fallback has are drawn in it. The
 * fallback fonts carry the main font's line metrics (see fonts.ts), so such a line keeps its height.
 */
export function applyFallbackFonts(
  content: unknown,
  resolve: GlyphResolver,
  familyIds: readonly string[],
): void {
  if (familyIds.length < 2) return;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item === "string") {
          const runs = fallbackRuns(item, resolve, familyIds);
          if (typeof runs !== "string") node[i] = { text: runs };
        } else walk(item);
      }
      return;
    }
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    // Own keys only, as `Object.entries` gave, without building an array of pairs for every node.
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const value = record[key];
      if (key === "text" && typeof value === "string") {
        const runs = fallbackRuns(value, resolve, familyIds);
        if (typeof runs !== "string") record.text = runs;
      } else if (value && typeof value === "object") walk(value);
    }
  };
  walk(content);
}

/**
 * The glyph check alone, for commands that check sheets without rendering them (`validate`, `summary`): the
 * configured fonts read and parsed, no PDF environment. The same check `build` runs before it renders.
 */
export async function createGlyphChecker(
  options: { fontsConfig?: string } = {},
): Promise<(form: AnyForm, data: unknown, ctx: GlyphCheckContext) => Diagnostic[]> {
  const { DEFAULT_FONTS_CONFIG, loadFonts } = await import("./fonts.js");
  const fonts = loadFonts(options.fontsConfig ?? DEFAULT_FONTS_CONFIG);
  const resolve = createGlyphResolver(fonts);
  return (form, data, ctx) => checkSheetGlyphs(fonts, resolve, form, data, ctx);
}
