/** Terminal output for users: diagnostics and summaries, Japanese first. */
import { type Diagnostic, formatDiagnostic } from "../diagnostics.js";
import type { Lang, Localized } from "../i18n.js";
import type { Skipped } from "../load/discover.js";
import { showPath } from "./escape.js";

export { showPath } from "./escape.js";

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function printDiagnostics(output: Output, diagnostics: readonly Diagnostic[], lang: Lang): void {
  for (const d of diagnostics) output.err(formatDiagnostic(d, lang));
}

/** Files passed over, each with the reason. Names are shown escaped (see escape.ts); reasons name files escaped. */
export function printSkipped(output: Output, skipped: readonly Skipped[], lang: Lang): void {
  for (const s of skipped)
    output.err(`${showPath(s.file)}: ${lang === "ja" ? "読み飛ばし" : "skipped"}: ${s.reason[lang]}`);
}

export function printDiscoveryErrors(output: Output, errors: readonly Skipped[], lang: Lang): void {
  for (const s of errors)
    output.err(`${showPath(s.file)}: ${lang === "ja" ? "エラー" : "error"}: ${s.reason[lang]}`);
}

export function say(lang: Lang, text: Localized): string {
  return text[lang];
}
