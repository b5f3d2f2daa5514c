/**
 * `--json`: standard output carries one JSON object per line and nothing else, for CI annotations and scripts;
 * the field names are part of hyoka's interface (README, "Output for machines") and only ever added to.
 *
 *   {"type":"diagnostic","severity":"error","code":"schema","file":"data/2013/x.json","line":88,"column":47,
 *    "field":"参考指標① › 2012年度 › 実績値","pointer":"/indicators/0/years/2/actual","message":"…","hint":null}
 *   {"type":"result","command":"build","exitCode":1,"sheets":3,"built":2,"skipped":0,"failed":1,
 *    "warnings":0,"errors":1}
 *
 * Every key is always present (null when it does not apply), so a reader needs no defaults. Texts are raw (JSON
 * escapes what a terminal would obey). Everything meant for people (progress, notices, the summary lines) stays
 * text on standard error.
 */
import type { Diagnostic } from "../diagnostics.js";
import { consoleOutput, type Output, type ResultCounts } from "./console.js";
import { writeStdout } from "./streams.js";

/** The result object: the last line `--json` writes. */
export interface ResultLine extends ResultCounts {
  type: "result";
  /** The command as typed (`build`, `report merge`), null when there was none (a usage error). */
  command: string | null;
  exitCode: number;
  warnings: number;
  errors: number;
  /** Why the command stopped before its work (a usage error, a fault, a bug); null otherwise. */
  message: string | null;
}

export function diagnosticLine(d: Diagnostic): string {
  return JSON.stringify({
    type: "diagnostic",
    severity: d.severity,
    code: d.code,
    file: d.file,
    line: d.line ?? null,
    column: d.column ?? null,
    field: d.field ?? null,
    pointer: d.pointer ?? null,
    message: d.message,
    hint: d.hint ?? null,
  });
}

export function resultLine(line: Omit<ResultLine, "type">): string {
  const { command, exitCode, sheets, built, skipped, failed, warnings, errors, message } = line;
  return JSON.stringify({
    type: "result",
    command,
    exitCode,
    sheets,
    built,
    skipped,
    failed,
    warnings,
    errors,
    message,
  });
}

export interface JsonOutput extends Output {
  /** Writes the result line: the last line on standard output. */
  finish(command: string | null, exitCode: number, message?: string): void;
}

export function createJsonOutput(options: { quiet: boolean }): JsonOutput {
  const counts: ResultCounts = { sheets: 0, built: 0, skipped: 0, failed: 0 };
  let warnings = 0;
  let errors = 0;
  return {
    // People's lines go to standard error, so that standard output stays JSON.
    out: options.quiet ? () => {} : consoleOutput.err,
    err: consoleOutput.err,
    progress: !options.quiet,
    diagnostic(d) {
      if (d.severity === "error") errors++;
      else warnings++;
      writeStdout(`${diagnosticLine(d)}\n`);
    },
    result(partial) {
      Object.assign(counts, partial);
    },
    finish(command, exitCode, message) {
      writeStdout(
        `${resultLine({ command, exitCode, ...counts, warnings, errors, message: message ?? null })}\n`,
      );
    },
  };
}
