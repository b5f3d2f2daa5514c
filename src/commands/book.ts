/**
 * `hyoka book`: the annual report book, `out/<year>/book.pdf`, every valid sheet of the year in code order
 * behind a cover and a table of contents (src/render-pdf/book.ts). One process, one PDF environment: the book
 * is one PDF document, written by one pdfkit document that the sheets are laid out into one at a time, so
 * nothing is gained from workers.
 *
 * A sheet that fails (loading, validation, glyphs, or a second sheet with its year and code) is reported, left
 * out, and named on the contents of its year's book, and the command exits 1: a book with a gap is still
 * written, so the rest can be proof-read, but it is not a success.
 */
import path from "node:path";
import { configSchema, type HyokaConfig, loadConfig } from "../config.js";
import { diagnostic, hasErrors } from "../diagnostics.js";
import { peekIdentity } from "../forms/identity-hint.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { documentDate } from "../model/document-date.js";
import { sha256 } from "../pipeline/fingerprint.js";
import { foreignFile, readManifest, writeManifest } from "../pipeline/manifest.js";
import { Ownership } from "../pipeline/ownership.js";
import { checkSheets, type GlyphChecker } from "../pipeline/stages.js";
import { type BookSheet, renderBookPdf } from "../render-pdf/book.js";
import {
  checkDataGlyphs,
  checkGlyphs,
  createPdfEnvironment,
  type PdfEnvironment,
} from "../render-pdf/index.js";
import { type Output, printDiagnostics, printDiscoveryErrors, printSkipped } from "../report/console.js";
import { createProgress } from "../report/progress.js";
import { HYOKA_VERSION } from "../version.js";
import { writeAtomic } from "../write/atomic.js";
import { type OpenedOutDir, openOutDir } from "../write/out-dir.js";

export interface BookOptions {
  patterns: string[];
  outDir: string;
  lang: Lang;
  output: Output;
  /** Show a progress line while a book is laid out (default true). */
  progress?: boolean;
}

interface Failed {
  file: string;
  /** The year whose book lists it; unknown when the file could not be read as a sheet: listed in every book. */
  year: number | undefined;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The evaluation year of a sheet that failed, from its data or else its folder (`<year>/<code>.json`). */
function yearOfFailed(file: string, value: unknown): number | undefined {
  const year = peekIdentity(value)?.year;
  if (year !== undefined && year >= 1000 && year <= 9999) return year;
  const folder = path.basename(path.dirname(file));
  return /^\d{4}$/.test(folder) ? Number(folder) : undefined;
}

export async function runBook(options: BookOptions): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  const started = performance.now();

  const { config, diagnostics: loadProblems, source } = await loadConfig(process.cwd(), lang);
  // The fonts are needed for the configuration too: its title, subtitle and issuer are printed on the cover,
  // so a character no font has is the configuration's error, found before any book is laid out.
  const env = loadProblems.length === 0 ? await createPdfEnvironment() : undefined;
  const configProblems =
    config && env && source
      ? checkDataGlyphs(env, configSchema, config, { file: source.file, lang, locate: source.locate })
      : loadProblems;
  printDiagnostics(output, configProblems, lang);
  if (!config || !env || hasErrors(configProblems)) {
    output.err(
      ja ? "設定ファイルに誤りがあるため、冊子を作成しません" : "the configuration has errors: no book built",
    );
    return 1;
  }

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
    return await makeBooks(options, config, env, found, opened, started);
  } finally {
    opened.release();
  }
}

/** Every year's book into the opened output folder. */
async function makeBooks(
  options: BookOptions,
  config: HyokaConfig,
  env: PdfEnvironment,
  found: Awaited<ReturnType<typeof discover>>,
  opened: OpenedOutDir,
  started: number,
): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  const outDir = opened.root;
  // What hyoka wrote there before: a book.pdf it did not write (or that was changed since) is not replaced.
  const { manifest, problems } = await readManifest(outDir);
  for (const problem of problems) output.err(`${ja ? "警告" : "warning"}: ${problem[lang]}`);
  const ownership = Ownership.open(outDir, manifest);

  const registry = await FormRegistry.load();
  const glyphs: GlyphChecker = (form, data, ctx) => checkGlyphs(env, form, data, ctx);
  const good: BookSheet[] = [];
  const failed: Failed[] = [];
  for (const { file, result, diagnostics, accepted } of await checkSheets(
    registry,
    glyphs,
    found.files,
    lang,
  )) {
    printDiagnostics(output, diagnostics, lang);
    if (result.ok && accepted)
      good.push({ file, form: result.form, model: result.model, identity: result.identity });
    else
      failed.push({
        file,
        year: result.identity?.year ?? yearOfFailed(file, result.ok ? undefined : result.value),
      });
  }
  const included = good;

  const years = [
    ...new Set([...included.map((s) => s.identity.year), ...failed.flatMap((f) => (f.year ? [f.year] : []))]),
  ].sort((a, b) => a - b);
  if (years.length === 0) {
    output.err(ja ? "掲載できるシートがありません" : "no sheet can be put in a book");
    return 1;
  }

  let bookFailed = false;
  let layoutFailed = 0;
  for (const year of years) {
    const sheets = included
      .filter((s) => s.identity.year === year)
      .sort((a, b) => byText(a.identity.code, b.identity.code));
    const missing = failed
      .filter((f) => f.year === year || f.year === undefined)
      .map((f) => f.file)
      .sort(byText);
    const rel = `${year}/book.pdf`;
    const progress = options.progress === false ? undefined : createProgress(sheets.length, lang);
    if (ownership.standing(rel) === "foreign") {
      bookFailed = true;
      printDiagnostics(
        output,
        [
          diagnostic(lang, {
            code: "output-foreign",
            file: path.join(options.outDir, rel),
            message: foreignFile(rel),
          }),
        ],
        lang,
      );
      continue;
    }
    try {
      const book = await renderBookPdf(env, {
        year,
        cover: { ...config.book, issued: config.book.issued?.[String(year)] },
        sheets,
        missing,
        date: documentDate(year),
        version: HYOKA_VERSION,
        onSheet: (i) => progress?.tick(sheets[i]?.file ?? "", false),
        lang,
      });
      progress?.done();
      printDiagnostics(output, book.warnings, lang);
      layoutFailed += book.failed.length;
      printDiagnostics(
        output,
        book.failed.map((f) =>
          diagnostic(lang, {
            code: "render-failed",
            file: f.file,
            message: {
              ja: `冊子に組版できませんでした: ${f.error.message}`,
              en: `could not lay the sheet out in the book: ${f.error.message}`,
            },
          }),
        ),
        lang,
      );
      const record = { path: rel, sha256: sha256(book.bytes), bytes: book.bytes.length };
      ownership.note([record]);
      await writeAtomic(outDir, rel, book.bytes);
      manifest.yearOutputs.set(rel, record);
      await writeManifest(outDir, manifest);
      await ownership.settle(manifest);
      output.out(
        ja
          ? `${path.join(options.outDir, rel)}: ${book.entries.length} 件、${book.pages} ページ${missing.length + book.failed.length ? `(掲載できなかったシート ${missing.length + book.failed.length} 件)` : ""}`
          : `${path.join(options.outDir, rel)}: ${book.entries.length} sheets, ${book.pages} pages${missing.length + book.failed.length ? ` (${missing.length + book.failed.length} sheets left out)` : ""}`,
      );
    } catch (error) {
      progress?.done();
      bookFailed = true;
      const detail = error instanceof Error ? error.message : String(error);
      printDiagnostics(
        output,
        [
          diagnostic(lang, {
            code: "book-failed",
            file: path.join(options.outDir, rel),
            message: {
              ja: `冊子を作成できませんでした: ${detail}`,
              en: `could not make the book: ${detail}`,
            },
          }),
        ],
        lang,
      );
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  output.result?.({
    sheets: included.length + failed.length,
    built: included.length - layoutFailed,
    failed: failed.length + layoutFailed,
  });
  output.out(
    ja
      ? `掲載 ${included.length - layoutFailed} 件、掲載できなかったシート ${failed.length + layoutFailed} 件(${seconds} 秒)`
      : `${included.length - layoutFailed} sheets printed, ${failed.length + layoutFailed} left out (${seconds} s)`,
  );
  return bookFailed || failed.length + layoutFailed > 0 || found.errors.length > 0 ? 1 : 0;
}
