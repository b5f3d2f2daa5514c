/**
 * The main thread's half of a sheet: the files a worker rendered, written under out/ by the atomic writer
 * (src/write/atomic.ts) while that worker already renders its next sheet, and the sheet's result made from
 * what was written. A file that cannot be written is that sheet's error; the outputs list only the files
 * written, with the sha256 of the bytes written.
 */
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import type { Lang, Localized } from "../i18n.js";
import { type OutputFile, type OutputFolders, writeAtomicAll } from "../write/atomic.js";
import { sha256 } from "./fingerprint.js";
import type { OutputRecord } from "./manifest.js";
import type { RenderedSheet, SheetOutcome, SheetResult } from "./process-sheet.js";

/**
 * A worker's outcome made final: a rendered sheet's files written under `out` (the output folders as a build
 * keeps them, each created and checked once); a skipped or failed sheet as it is.
 */
export async function finishSheet(
  out: OutputFolders,
  outcome: SheetOutcome,
  lang: Lang,
  refuse?: OutputGuard,
): Promise<SheetResult> {
  return outcome.status === "rendered" ? writeOutputs(out, outcome, lang, refuse) : outcome;
}

/** What may be written where (a file hyoka did not write is not replaced), and the note taken before a write. */
export interface OutputGuard {
  refuse(relPath: string): Localized | undefined;
  note(records: readonly OutputRecord[]): void;
}

/**
 * Writes a rendered sheet's files, side by side (their flushes to disk overlap; one that fails does not stop
 * the other), and gives its result: built, or failed with a `write-failed` error per file not written. The
 * time taken is the sheet's `write` timing and is added to its duration. Never throws.
 */
export async function writeOutputs(
  out: OutputFolders,
  sheet: RenderedSheet,
  lang: Lang,
  refuse?: OutputGuard,
): Promise<SheetResult> {
  const started = performance.now();
  const { files: rendered, status: _rendered, ...rest } = sheet;
  const outputs: OutputRecord[] = [];
  const failures: Diagnostic[] = [];
  const files: OutputFile[] = [];
  for (const file of rendered) {
    const reason = refuse?.refuse(file.relPath);
    if (reason)
      failures.push(diagnostic(lang, { code: "output-foreign", file: sheet.file, message: reason }));
    else files.push(file);
  }
  try {
    // Hashed first: the ledger notes each file before it is renamed into place (pipeline/ownership.ts).
    const hashes = files.map((f) => sha256(f.bytes));
    refuse?.note(
      files.map((f, i) => ({ path: f.relPath, sha256: hashes[i] as string, bytes: f.bytes.length })),
    );
    const writing = writeAtomicAll(out, files);
    const written = await writing;
    written.forEach((result, i) => {
      const file = files[i] as OutputFile;
      if (result.status === "fulfilled") {
        outputs.push({ path: file.relPath, sha256: hashes[i] as string, bytes: file.bytes.length });
      } else failures.push(writeFailure(sheet.file, file.relPath, lang, result.reason));
    });
  } catch (error) {
    // Not expected (the writer settles every file), but still only this sheet's error.
    failures.push(writeFailure(sheet.file, files.map((f) => f.relPath).join(", "), lang, error));
  }
  const ms = performance.now() - started;
  return {
    ...rest,
    status: failures.length > 0 ? "failed" : "built",
    outputs,
    diagnostics: [...sheet.diagnostics, ...failures],
    timings: { ...sheet.timings, write: ms },
    durationMs: sheet.durationMs + ms,
  };
}

function writeFailure(file: string, output: string, lang: Lang, error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return diagnostic(lang, {
    code: "write-failed",
    file,
    message: {
      ja: `出力ファイル ${output} を書き込めませんでした: ${detail}`,
      en: `could not write the output ${output}: ${detail}`,
    },
  });
}
