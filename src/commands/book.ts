/**
 * `hyoka book`: the annual report book, `out/<year>/book.pdf`, every valid sheet of the year in code order
 * behind a cover and a table of contents: the stage chain over the files named, then the book stage
 * (src/pipeline/book-stage.ts, which `hyoka build --book` runs over the sheets a build accepted). One process, one PDF environment: the book
 * is one PDF document, written by one pdfkit document that the sheets are laid out into one at a time, so
 * nothing is gained from workers.
 *
 * A sheet that fails (loading, validation, glyphs, or a second sheet with its year and code) is reported, left
 * out, and named on the contents of its year's book, and the command exits 1: a book with a gap is still
 * written, so the rest can be proof-read, but it is not a success.
 */
import path from "node:path";
import { peekIdentity } from "../forms/identity-hint.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { type BookSheet, type FailedSheet, makeBooks, prepareBooks } from "../pipeline/book-stage.js";
import { readManifest } from "../pipeline/manifest.js";
import { Ownership } from "../pipeline/ownership.js";
import { checkSheets, type GlyphChecker } from "../pipeline/stages.js";
import { checkGlyphs } from "../render-pdf/index.js";
import { type Output, printDiagnostics, printDiscoveryErrors, printSkipped } from "../report/console.js";
import { openOutDir } from "../write/out-dir.js";

export interface BookOptions {
  patterns: string[];
  outDir: string;
  lang: Lang;
  output: Output;
  /** Show a progress line while a book is laid out (default true). */
  progress?: boolean;
  /** A draft book: no PDF/A, no tags. */
  draft?: boolean;
}

/** The evaluation year of a sheet that failed, from its data or else its folder (`<year>/<code>.json`). */
export function yearOfFailed(file: string, value: unknown): number | undefined {
  const year = peekIdentity(value)?.year;
  if (year !== undefined && year >= 1000 && year <= 9999) return year;
  const folder = path.basename(path.dirname(file));
  return /^\d{4}$/.test(folder) ? Number(folder) : undefined;
}

export async function runBook(options: BookOptions): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  const started = performance.now();
  const setup = await prepareBooks(lang, output);
  if (!setup) return 1;

  const found = await discover(options.patterns);
  printSkipped(output, found.skipped, lang);
  printDiscoveryErrors(output, found.errors, lang);
  if (found.files.length === 0) {
    output.err(ja ? "掲載するシートがありません" : "no sheets to put in a book");
    return 1;
  }
  // The output folder, checked and locked before anything is written (released at the end, or on exit).
  const opened = await openOutDir(options.outDir, found, lang, output, { releaseOnSignal: true });
  if (typeof opened === "number") return opened;
  try {
    // What hyoka wrote there before: a book.pdf it did not write (or that was changed since) is not replaced.
    const { manifest, problems } = await readManifest(opened.root);
    for (const problem of problems) output.err(`${ja ? "警告" : "warning"}: ${problem[lang]}`);
    const ownership = Ownership.open(opened.root, manifest);

    const registry = await FormRegistry.load();
    const glyphs: GlyphChecker = (form, data, ctx) => checkGlyphs(setup.env, form, data, ctx);
    const accepted: BookSheet[] = [];
    const failed: FailedSheet[] = [];
    for (const { file, result, diagnostics, accepted: ok } of await checkSheets(
      registry,
      glyphs,
      found.files,
      lang,
    )) {
      printDiagnostics(output, diagnostics, lang);
      if (result.ok && ok)
        accepted.push({ file, form: result.form, model: result.model, identity: result.identity });
      else
        failed.push({
          file,
          year: result.identity?.year ?? yearOfFailed(file, result.ok ? undefined : result.value),
        });
    }
    if (accepted.length === 0 && failed.every((f) => f.year === undefined)) {
      output.err(ja ? "掲載できるシートがありません" : "no sheet can be put in a book");
      return 1;
    }
    const { bookFailed, layoutFailed } = await makeBooks(
      {
        setup,
        lang,
        output,
        outDir: options.outDir,
        root: opened.root,
        manifest,
        ownership,
        persist: true,
        progress: options.progress !== false,
        draft: options.draft === true,
      },
      accepted,
      failed,
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    output.result?.({
      sheets: accepted.length + failed.length,
      built: accepted.length - layoutFailed,
      failed: failed.length + layoutFailed,
    });
    output.out(
      ja
        ? `掲載 ${accepted.length - layoutFailed} 件、掲載できなかったシート ${failed.length + layoutFailed} 件(${seconds} 秒)`
        : `${accepted.length - layoutFailed} sheets printed, ${failed.length + layoutFailed} left out (${seconds} s)`,
    );
    return bookFailed || failed.length + layoutFailed > 0 || found.errors.length > 0 ? 1 : 0;
  } finally {
    opened.release();
  }
}
