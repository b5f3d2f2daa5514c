/**
 * The year-level book stage: every year's `out/<year>/book.pdf` from the sheets a run of the stage chain accepted
 * (in code order, then form order, so a measure's forms follow each other), with the sheets that failed named
 * on the contents. Used by `hyoka build --book` (over the sheets the build accepted, their models sent back by
 * the workers) and by `hyoka book` (which runs the chain itself and writes nothing else). Loads pdfmake, so it is
 * imported only when a book is asked for.
 */
import path from "node:path";
import { configSchema, type HyokaConfig, loadConfig } from "../config.js";
import { diagnostic, hasErrors } from "../diagnostics.js";
import type { Lang } from "../i18n.js";
import { documentDate } from "../model/document-date.js";
import { type BookSheet, renderBookPdf } from "../render-pdf/book.js";
import { checkDataGlyphs, createPdfEnvironment, type PdfEnvironment } from "../render-pdf/index.js";
import { type Output, printDiagnostics } from "../report/console.js";
import { createProgress } from "../report/progress.js";
import { HYOKA_VERSION } from "../version.js";
import { writeAtomic } from "../write/atomic.js";
import { sha256 } from "./fingerprint.js";
import { foreignFile, type Manifest, writeManifest } from "./manifest.js";
import { bookOutputPath } from "./output-paths.js";
import type { Ownership } from "./ownership.js";

export type { BookSheet } from "../render-pdf/book.js";

export interface FailedSheet {
  file: string;
  /** The year whose book lists it; unknown when the file could not be read as a sheet: listed in every book. */
  year: number | undefined;
}

export interface BookSetup {
  config: HyokaConfig;
  env: PdfEnvironment;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The configuration and the fonts. The cover prints the configuration's title, subtitle and issuer, so a
 * character no font has is the configuration's error, found before any book is laid out. Undefined (said) when
 * the configuration has errors.
 */
export async function prepareBooks(lang: Lang, output: Output): Promise<BookSetup | undefined> {
  const { config, diagnostics: loadProblems, source } = await loadConfig(process.cwd(), lang);
  const env = loadProblems.length === 0 ? await createPdfEnvironment() : undefined;
  const configProblems =
    config && env && source
      ? checkDataGlyphs(env, configSchema, config, { file: source.file, lang, locate: source.locate })
      : loadProblems;
  printDiagnostics(output, configProblems, lang);
  if (!config || !env || hasErrors(configProblems)) {
    output.err(
      lang === "ja"
        ? "設定ファイルに誤りがあるため、冊子を作成しません"
        : "the configuration has errors: no book built",
    );
    return undefined;
  }
  return { config, env };
}

export interface BookStageContext {
  setup: BookSetup;
  lang: Lang;
  output: Output;
  /** The output folder as the user named it (for messages) and its real path. */
  outDir: string;
  root: string;
  manifest: Manifest;
  ownership: Ownership;
  /** Write the manifest after each book (`hyoka book`); a build writes its own at the end. */
  persist: boolean;
  progress: boolean;
  /** A draft book: no PDF/A, no tags. */
  draft?: boolean;
}

export interface BookStageResult {
  /** A book could not be made or written. */
  bookFailed: boolean;
  /** Sheets left out because their layout failed. */
  layoutFailed: number;
}

/** Every year's book; the years are those of the accepted and the failed sheets. */
export async function makeBooks(
  ctx: BookStageContext,
  accepted: readonly BookSheet[],
  failed: readonly FailedSheet[],
): Promise<BookStageResult> {
  const { lang, output, setup } = ctx;
  const ja = lang === "ja";
  const years = [
    ...new Set([...accepted.map((s) => s.identity.year), ...failed.flatMap((f) => (f.year ? [f.year] : []))]),
  ].sort((a, b) => a - b);
  let bookFailed = false;
  let layoutFailed = 0;
  for (const year of years) {
    const sheets = accepted
      .filter((s) => s.identity.year === year)
      .sort(
        (a, b) => byText(a.identity.code, b.identity.code) || byText(a.identity.formId, b.identity.formId),
      );
    const missing = failed
      .filter((f) => f.year === year || f.year === undefined)
      .map((f) => f.file)
      .sort(byText);
    const rel = bookOutputPath(year);
    const shown = path.join(ctx.outDir, rel);
    if (ctx.ownership.standing(rel) === "foreign") {
      bookFailed = true;
      printDiagnostics(
        output,
        [diagnostic(lang, { code: "output-foreign", file: shown, message: foreignFile(rel) })],
        lang,
      );
      continue;
    }
    const progress =
      ctx.progress && output.progress !== false ? createProgress(sheets.length, lang) : undefined;
    try {
      const book = await renderBookPdf(setup.env, {
        year,
        cover: { ...setup.config.book, issued: setup.config.book.issued?.[String(year)] },
        sheets,
        missing,
        date: documentDate(year),
        version: HYOKA_VERSION,
        onSheet: (i) => progress?.tick(sheets[i]?.file ?? "", false),
        lang,
        draft: ctx.draft === true,
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
      ctx.ownership.note([record]);
      await writeAtomic(ctx.root, rel, book.bytes);
      ctx.manifest.yearOutputs.set(rel, record);
      if (ctx.persist) {
        await writeManifest(ctx.root, ctx.manifest);
        await ctx.ownership.settle(ctx.manifest);
      }
      const left = missing.length + book.failed.length;
      output.out(
        ja
          ? `${shown}: ${book.entries.length} 件、${book.pages} ページ${left ? `(掲載できなかったシート ${left} 件)` : ""}`
          : `${shown}: ${book.entries.length} sheets, ${book.pages} pages${left ? ` (${left} sheets left out)` : ""}`,
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
            file: shown,
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
  return { bookFailed, layoutFailed };
}
