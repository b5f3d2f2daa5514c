/** Terminal output for users: diagnostics and summaries, Japanese first. */
import { type Diagnostic, formatDiagnostic } from "../diagnostics.js";
import type { Lang, Localized } from "../i18n.js";
import type { Skipped } from "../load/discover.js";
import { writeStderr, writeStdout } from "./streams.js";

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/**
 * The terminal. A closed or full stdout or stderr never throws or crashes the command: after its first error a
 * stream is no longer written to (see ./streams.ts).
 */
export const consoleOutput: Output = {
  out: (line) => writeStdout(`${line}\n`),
  err: (line) => writeStderr(`${line}\n`),
};

export function printDiagnostics(output: Output, diagnostics: readonly Diagnostic[], lang: Lang): void {
  for (const d of diagnostics) output.err(formatDiagnostic(d, lang));
}

export function printSkipped(output: Output, skipped: readonly Skipped[], lang: Lang): void {
  for (const s of skipped)
    output.err(`${s.file}: ${lang === "ja" ? "読み飛ばし" : "skipped"}: ${s.reason[lang]}`);
}

export function printDiscoveryErrors(output: Output, errors: readonly Skipped[], lang: Lang): void {
  for (const s of errors) output.err(`${s.file}: ${lang === "ja" ? "エラー" : "error"}: ${s.reason[lang]}`);
}

export function say(lang: Lang, text: Localized): string {
  return text[lang];
}
