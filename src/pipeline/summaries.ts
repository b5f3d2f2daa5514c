/**
 * The consolidated workbooks `out/<year>/summary.xlsx` of a build, from the models of its sheets: one per year,
 * its sheets in order of measure code, written only if its bytes changed. How a year's workbook is made is the
 * caller's: `hyoka build` has its workers make the usual ones (see commands/build.ts), `hyoka summary` makes
 * them on its own thread.
 */
import { readFile } from "node:fs/promises";
import { diagnostic } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang } from "../i18n.js";
import { documentDate } from "../model/document-date.js";
import { mainFontName } from "../render-pdf/font-config.js";
import { type Output, printDiagnostics } from "../report/console.js";
import { HYOKA_VERSION } from "../version.js";
import { writeAtomic } from "../write/atomic.js";
import { sha256 } from "./fingerprint.js";
import { foreignFile, type OutputRecord, recordedFile } from "./manifest.js";
import { yearOutputPath } from "./output-paths.js";
import type { Ownership } from "./ownership.js";
import type { SheetResult } from "./process-sheet.js";

/**
 * A sheet in a summary: its form by id, so that a build's main thread, which has its workers make the summaries,
 * never loads the forms (their templates and schemas: 0.09 s of CPU and some megabytes, measured); the rows it
 * adds, counted where the form is at hand (a worker, process-sheet.ts).
 */
export interface SummaryEntry {
  formId: string;
  model: unknown;
  year: number;
  code: string;
  rows: number;
}

/** Makes a year's workbook from its sheets (in code order). */
export type SummaryMaker = (year: number, entries: readonly SummaryEntry[]) => Promise<Uint8Array>;

/**
 * A year's workbook of these sheets, their forms found by id in `forms`. exceljs is loaded only now: `hyoka build`
 * needs it in its main thread at the end only, and only for a summary too large for a worker (it was some 25 MB
 * and 0.2 s of CPU at start-up, beside the starting workers).
 */
export async function makeSummary(
  forms: FormRegistry,
  year: number,
  version: string,
  entries: Iterable<{ formId: string; model: unknown }>,
): Promise<Uint8Array> {
  const { SummaryWorkbook } = await import("../render-xlsx/summary-workbook.js");
  const workbook = new SummaryWorkbook({
    date: documentDate(year),
    version,
    fontFamily: mainFontName(),
    year,
  });
  for (const e of entries) {
    const form = forms.get(e.formId);
    if (!form) throw new Error(`unknown form ${e.formId}`);
    workbook.add(form, e.model);
  }
  return workbook.finish();
}

let forms: Promise<FormRegistry> | undefined;

/** On this thread, with the forms loaded once, when this thread first makes a summary itself. */
export const makeSummaryHere: SummaryMaker = async (year, entries) => {
  forms ??= FormRegistry.load();
  return makeSummary(await forms, year, HYOKA_VERSION, entries);
};

async function writeIfChanged(
  outDir: string,
  rel: string,
  bytes: Uint8Array,
  ownership?: Ownership,
): Promise<OutputRecord> {
  const digest = sha256(bytes);
  // Only a regular file reached without links is read to compare (manifest.ts): a link is replaced, not followed.
  const existing = recordedFile(outDir, rel);
  let same = false;
  try {
    same = existing !== undefined && sha256(await readFile(existing)) === digest;
  } catch {
    same = false;
  }
  const record = { path: rel, sha256: digest, bytes: bytes.length };
  if (!same) {
    ownership?.note([record]);
    await writeAtomic(outDir, rel, bytes);
  }
  return record;
}

/** The summary entries of a build's results: the sheets built or unchanged, with their models. */
export function summaryEntries(results: readonly SheetResult[]): SummaryEntry[] {
  const entries: SummaryEntry[] = [];
  for (const r of results) {
    if ((r.status !== "built" && r.status !== "skipped") || !r.identity || r.model === undefined) continue;
    entries.push({
      formId: r.identity.formId,
      model: r.model,
      year: r.identity.year,
      code: r.identity.code,
      rows: r.summaryRows ?? 0,
    });
  }
  return entries;
}

/** The entries by year, each year's in order of measure code (then form id), the years in order. */
function byYear(entries: readonly SummaryEntry[]): [number, SummaryEntry[]][] {
  const years = new Map<number, SummaryEntry[]>();
  for (const e of entries) years.set(e.year, [...(years.get(e.year) ?? []), e]);
  // By code, then form: two forms of one measure share its code, and their order must not be the workers'.
  const key = (e: SummaryEntry) => `${e.code}\u0000${e.formId}`;
  for (const group of years.values()) group.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return [...years].sort(([a], [b]) => a - b);
}

/**
 * Each year's workbook made as soon as the last of its sheets is done, while the sheets of other years are still
 * rendered: only the last year's is then left for the end of the build (of a 200-sheet build over two years, the
 * larger year's took 0.14 s in a worker). `start` makes a year's workbook from the results so far; at the end,
 * {@link maker} hands {@link writeSummaries} a year's early workbook if it was made from the same sheets.
 */
export class EarlySummaries {
  private readonly remaining = new Map<number, number>();
  private readonly made = new Map<number, Promise<{ codes: string; bytes: Promise<Uint8Array> }>>();

  /** `yearOf`: each file's year as far as known before it is built. */
  constructor(
    private readonly yearOf: ReadonlyMap<string, number>,
    private readonly start: () => Promise<SummaryEntry[]>,
    private readonly make: SummaryMaker,
  ) {
    for (const year of yearOf.values()) this.remaining.set(year, (this.remaining.get(year) ?? 0) + 1);
  }

  /** A sheet is done (built, skipped or failed). */
  done(file: string): void {
    const year = this.yearOf.get(file);
    if (year === undefined) return;
    const left = (this.remaining.get(year) ?? 1) - 1;
    this.remaining.set(year, left);
    if (left !== 0) return;
    const early = this.start().then((all) => {
      const group = byYear(all).find(([y]) => y === year)?.[1] ?? [];
      const bytes = this.make(year, group);
      // Used only if the year's sheets are the same at the end: a failure then is reported by the fallback.
      bytes.catch(() => {});
      return { codes: codesOf(group), bytes };
    });
    early.catch(() => {});
    this.made.set(year, early);
  }

  /** A maker that takes a year's early workbook when it was made from the same sheets, else `fallback`. */
  maker(fallback: SummaryMaker = this.make): SummaryMaker {
    return async (year, entries) => {
      const early = await this.made.get(year)?.catch(() => undefined);
      if (early && early.codes === codesOf(entries)) {
        const bytes = await early.bytes.catch(() => undefined);
        if (bytes) return bytes;
      }
      return fallback(year, entries);
    };
  }
}

function codesOf(entries: readonly SummaryEntry[]): string {
  return entries.map((e) => `${e.formId}/${e.code}`).join(",");
}

/** What hyoka wrote before (the manifest), and where the summaries it may not replace are listed. */
export interface SummaryGuard {
  ownership: Ownership;
  refused: string[];
}

/** Every year's workbook, made at once (each year by `make`), written in order of year. */
export async function writeSummaries(
  entries: readonly SummaryEntry[],
  outDir: string,
  make: SummaryMaker = makeSummaryHere,
  guard?: SummaryGuard,
): Promise<OutputRecord[]> {
  const years = byYear(entries);
  const made = years.map(([year, group]) => make(year, group));
  // Settled all before anything is written or thrown, so no year's failure leaves another's promise unhandled.
  const settled = await Promise.allSettled(made);
  const written: OutputRecord[] = [];
  for (const [i, [year]] of years.entries()) {
    const result = settled[i] as PromiseSettledResult<Uint8Array>;
    if (result.status === "rejected") throw result.reason;
    const rel = yearOutputPath(year);
    // A file hyoka did not write (or that was changed since) stands there: left alone, and said.
    if (guard && guard.ownership.standing(rel) === "foreign") {
      guard.refused.push(rel);
      continue;
    }
    written.push(await writeIfChanged(outDir, rel, result.value, guard?.ownership));
  }
  return written;
}

/** The summaries of a build's results; a failure is reported, not thrown (the sheets are built). */
export async function buildSummaries(
  results: readonly SheetResult[],
  outDir: string,
  lang: Lang,
  output: Output,
  make?: SummaryMaker,
  ownership?: Ownership,
): Promise<OutputRecord[]> {
  try {
    const guard = ownership ? { ownership, refused: [] } : undefined;
    const written = await writeSummaries(summaryEntries(results), outDir, make, guard);
    for (const rel of guard?.refused ?? [])
      printDiagnostics(
        output,
        [diagnostic(lang, { code: "output-foreign", file: rel, message: foreignFile(rel) })],
        lang,
      );
    return written;
  } catch (error) {
    printDiagnostics(
      output,
      [
        diagnostic(lang, {
          code: "summary-failed",
          file: outDir,
          message: {
            ja: `集計ワークブックを作成できませんでした: ${(error as Error).message}`,
            en: `could not write the summary workbook: ${(error as Error).message}`,
          },
        }),
      ],
      lang,
    );
    return [];
  }
}
