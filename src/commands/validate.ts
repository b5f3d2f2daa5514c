/**
 * `hyoka validate`: every check `build` makes before it renders (the stage chain in pipeline/stages.ts: the
 * file, the form's schema, the output names, every character against the fonts, and two files that would write
 * the same outputs), reported with places; nothing is written. A sheet that validates is one that builds.
 */
import { FormRegistry } from "../forms/registry.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { checkSheets } from "../pipeline/stages.js";
import { type Output, printDiagnostics, printDiscoveryErrors, printSkipped } from "../report/console.js";
import { openGlyphChecker } from "./glyph-checker.js";

export interface ValidateOptions {
  patterns: string[];
  lang: Lang;
  output: Output;
}

/** Returns the exit code: 0 all valid, 1 any invalid or nothing found. */
export async function runValidate(options: ValidateOptions): Promise<number> {
  const { lang, output } = options;
  const registry = await FormRegistry.load();
  const found = await discover(options.patterns);
  printSkipped(output, found.skipped, lang);
  printDiscoveryErrors(output, found.errors, lang);
  if (found.files.length === 0) {
    output.err(lang === "ja" ? "検証するファイルがありません" : "no files to validate");
    return 1;
  }
  const glyphs = await openGlyphChecker(output, lang);
  if (!glyphs) return 1;
  // Two files that would write the same outputs: `build` refuses both, so `validate` does too.
  let invalid = 0;
  for (const checked of await checkSheets(registry, glyphs, found.files, lang)) {
    printDiagnostics(output, checked.diagnostics, lang);
    if (!checked.accepted) invalid++;
  }
  const valid = found.files.length - invalid;
  output.result?.({ sheets: found.files.length, failed: invalid });
  output.out(
    lang === "ja" ? `${valid} 件が有効、${invalid} 件が無効です` : `${valid} valid, ${invalid} invalid`,
  );
  return invalid > 0 || found.errors.length > 0 ? 1 : 0;
}
