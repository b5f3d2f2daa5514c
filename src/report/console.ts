/** Terminal output for users: diagnostics and summaries, Japanese first. */
import { type Diagnostic, formatDiagnostic } from "../diagnostics.js";
import type { Lang, Localized } from "../i18n.js";
import type { Skipped } from "../load/discover.js";
import { showPath } from "./escape.js";
import { liveLine } from "./progress.js";
import { writeStdout } from "./streams.js";
import { escapeForTerminal } from "./terminal-text.js";

export { showPath } from "./escape.js";

/** What a command reports at its end, for `--json`'s result line (see json-lines.ts); every count optional. */
export interface ResultCounts {
  /** The sheet files the command took (the workbooks of `import`, the PDFs of `extract`). */
  sheets: number;
  /**
   * Sheets made this run: built (`build`), put in a summary (`summary`) or a book (`book`); the files written by
   * `new`, `template`, `export`, `import` and `extract`.
   */
  built: number;
  /** Sheets left as they were, unchanged (`build`). */
  skipped: number;
  /** Sheets that failed or are invalid. */
  failed: number;
}

export interface Output {
  /** A result line for the user (standard output on a terminal). */
  out(line: string): void;
  /** A message: a problem, a warning, a notice (standard error). */
  err(line: string): void;
  /** A diagnostic as data: given, printDiagnostics hands each one here instead of printing it (`--json`). */
  diagnostic?(d: Diagnostic): void;
  /** The command's counts at its end (`--json`'s result line). */
  result?(counts: Partial<ResultCounts>): void;
  /** false: no progress bar or progress lines (`--quiet`). */
  progress?: boolean;
}

/** Writes a line to stdout, erasing the progress bar meanwhile when stdout is the terminal it is drawn on. */
export function outLine(line: string): void {
  if (process.stdout.isTTY) liveLine(process.stderr).around(() => writeStdout(`${line}\n`));
  else writeStdout(`${line}\n`);
}

/**
 * The terminal. A closed or full stdout or stderr never throws or crashes the command: after its first error a
 * stream is no longer written to (see ./streams.ts). Messages on stderr go above the progress bar, never into it.
 */
export const consoleOutput: Output = {
  out: outLine,
  err: (line) => liveLine(process.stderr).log(line),
};

/** `--quiet`: problems only. No progress, no result lines; messages (errors, warnings) as ever. */
export const quietOutput: Output = {
  out: () => {},
  err: consoleOutput.err,
  progress: false,
};

/** The most diagnostics of one file printed; the rest are counted in one line (report.json has them). */
export const MAX_PRINTED_PER_FILE = 50;

/** Prints each diagnostic in order, at most {@link MAX_PRINTED_PER_FILE} per file, then a count of the rest. */
export function printDiagnostics(output: Output, diagnostics: readonly Diagnostic[], lang: Lang): void {
  if (output.diagnostic) {
    for (const d of diagnostics) output.diagnostic(d);
    return;
  }
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
  if (output.diagnostic) {
    for (const s of skipped)
      output.diagnostic({ severity: "warning", code: "file-skipped", file: s.file, message: s.reason[lang] });
    return;
  }
  for (const s of skipped)
    output.err(`${showPath(s.file)}: ${lang === "ja" ? "読み飛ばし" : "skipped"}: ${s.reason[lang]}`);
}

export function printDiscoveryErrors(output: Output, errors: readonly Skipped[], lang: Lang): void {
  if (output.diagnostic) {
    for (const s of errors)
      output.diagnostic({ severity: "error", code: "file-error", file: s.file, message: s.reason[lang] });
    return;
  }
  for (const s of errors)
    output.err(`${showPath(s.file)}: ${lang === "ja" ? "エラー" : "error"}: ${s.reason[lang]}`);
}

export function say(lang: Lang, text: Localized): string {
  return text[lang];
}
