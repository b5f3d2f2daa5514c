/** `hyoka validate`: load and validate every sheet, report every problem, change nothing. */
import { hasErrors } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { loadSheet } from "../load/load-sheet.js";
import { type Output, printDiagnostics, printDiscoveryErrors, printSkipped } from "../report/console.js";
import { validateSheet } from "../validate/validate-sheet.js";

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
  let valid = 0;
  let invalid = 0;
  for (const file of found.files) {
    const loaded = await loadSheet(file, lang);
    const result = loaded.ok ? validateSheet(registry, loaded.sheet, lang, loaded.diagnostics) : loaded;
    printDiagnostics(output, result.diagnostics, lang);
    if (result.ok && !hasErrors(result.diagnostics)) valid++;
    else invalid++;
  }
  output.out(
    lang === "ja" ? `${valid} 件が有効、${invalid} 件が無効です` : `${valid} valid, ${invalid} invalid`,
  );
  return invalid > 0 || found.errors.length > 0 ? 1 : 0;
}
