/**
 * Sheets that would write the same outputs, refused together. Apart from stages.ts so that a build's main thread
 * can use it without loading the stage chain (the validator pulls zod in: some 130 ms, measured).
 */
import { type Diagnostic, duplicateGroups, duplicateSheet } from "../diagnostics.js";
import type { SheetIdentity } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { outputKey } from "./output-paths.js";

/**
 * Sheets that would write the same outputs: each one's `duplicate-sheet` error, naming the others. None of them
 * is built, summarised or put in a book: there is no telling which one is meant.
 */
export function duplicateSheets<
  T extends { file: string; identity: Pick<SheetIdentity, "formId" | "year" | "code"> },
>(sheets: readonly T[], lang: Lang): Map<T, Diagnostic> {
  const out = new Map<T, Diagnostic>();
  for (const group of duplicateGroups(sheets, (s) => outputKey(s.identity))) {
    const files = group.map((s) => s.file);
    for (const s of group) {
      const others = files.filter((f) => f !== s.file).join(", ");
      const hint = {
        ja: `${others} と出力先が重なるため、どれも作成しません。不要なほうを削除するかコードを直してください`,
        en: `it would write the same outputs as ${others}, so none is built; remove the one not wanted or fix its code`,
      };
      out.set(
        s,
        duplicateSheet(lang, { file: s.file, year: s.identity.year, code: s.identity.code, files, hint }),
      );
    }
  }
  return out;
}
