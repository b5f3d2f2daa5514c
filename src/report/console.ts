/** Terminal output for users: diagnostics and summaries, Japanese first. */
import { type Diagnostic, formatDiagnostic } from "../diagnostics.js";
import type { Lang, Localized } from "../i18n.js";
import type { Skipped } from "../load/discover.js";
import { showPath } from "./escape.js";
import { writeStderr, writeStdout } from "./streams.js";
import { escapeForTerminal } from "./terminal-text.js";

export { showPath } from "./escape.js";

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

/** The most diagnostics of one file printed; the rest are counted in one line (report.json has them). */
export const MAX_PRINTED_PER_FILE = 50;

/** Prints each diagnostic in order, at most {@link MAX_PRINTED_PER_FILE} per file, then a count of the rest. */
export function printDiagnostics(output: Output, diagnostics: readonly Diagnostic[], lang: Lang): void {
  const perFile = new Map<string, number>();
  for (const d of diagnostics) {
    const seen = (perFile.get(d.file) ?? 0) + 1;
    perFile.set(d.file, seen);
    if (seen <= MAX_PRINTED_PER_FILE) output.err(formatDiagnostic(d, lang));
  }
  for (const [file, count] of perFile) {
    const more = count - MAX_PRINTED_PER_FILE;
    if (more <= 0) continue;
    output.err(
      `${escapeForTerminal(file)}: ${
        lang === "ja"
          ? `…ほか ${more} 件(最初の ${MAX_PRINTED_PER_FILE} 件だけ表示しました。まず上の誤りを直してください)`
          : `… and ${more} more (only the first ${MAX_PRINTED_PER_FILE} shown; fix these first)`
      }`,
    );
  }
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
