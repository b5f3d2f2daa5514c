/**
 * The consolidated workbooks `out/<year>/summary.xlsx` of a build, from the models of its sheets: one per year,
 * its sheets in order of measure code, written only if its bytes changed. How a year's workbook is made is the
 * caller's: `hyoka build` has its workers make the usual ones (see commands/build.ts), `hyoka summary` makes
 * them on its own thread.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic } from "../diagnostics.js";
import type { FormRegistry } from "../forms/registry.js";
import type { AnyForm } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { documentDate } from "../model/document-date.js";
import { MAIN_FONT_FAMILY } from "../render-pdf/main-font.js";
import { type Output, printDiagnostics } from "../report/console.js";
import { HYOKA_VERSION } from "../version.js";
import { writeAtomic } from "../write/atomic.js";
import { sha256 } from "./fingerprint.js";
import type { OutputRecord } from "./manifest.js";
import type { SheetResult } from "./process-sheet.js";

export interface SummaryEntry {
  form: AnyForm;
  model: unknown;
  year: number;
  code: string;
}

/** Makes a year's workbook from its sheets (in code order). */
export type SummaryMaker = (year: number, entries: readonly SummaryEntry[]) => Promise<Uint8Array>;

/**
 * On this thread. exceljs is loaded only now: `hyoka build` needs it in its main thread at the end only, and only
 * for a summary too large for a worker (it was some 25 MB and 0.2 s of CPU at start-up, beside the starting
 * workers).
 */
export const makeSummaryHere: SummaryMaker = async (year, entries) => {
  const { SummaryWorkbook } = await import("../render-xlsx/summary-workbook.js");
  const workbook = new SummaryWorkbook({
    date: documentDate(year),
    version: HYOKA_VERSION,
    fontFamily: MAIN_FONT_FAMILY,
    year,
  });
  for (const e of entries) workbook.add(e.form, e.model);
  return workbook.finish();
};

async function writeIfChanged(outDir: string, rel: string, bytes: Uint8Array): Promise<OutputRecord> {
  const digest = sha256(bytes);
  let same = false;
  try {
    same = sha256(await readFile(path.join(outDir, rel))) === digest;
  } catch {
    same = false;
  }
  if (!same) await writeAtomic(outDir, rel, bytes);
  return { path: rel, sha256: digest, bytes: bytes.length };
}

/** Every year's workbook, made at once (each year by `make`), written in order of year. */
export async function writeSummaries(
  entries: readonly SummaryEntry[],
  outDir: string,
  make: SummaryMaker = makeSummaryHere,
): Promise<OutputRecord[]> {
  const byYear = new Map<number, SummaryEntry[]>();
  for (const e of entries) byYear.set(e.year, [...(byYear.get(e.year) ?? []), e]);
  const years = [...byYear].sort(([a], [b]) => a - b);
  const made = years.map(([year, group]) => {
    group.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return make(year, group);
  });
  // Settled all before anything is written or thrown, so no year's failure leaves another's promise unhandled.
  const settled = await Promise.allSettled(made);
  const written: OutputRecord[] = [];
  for (const [i, [year]] of years.entries()) {
    const result = settled[i] as PromiseSettledResult<Uint8Array>;
    if (result.status === "rejected") throw result.reason;
    written.push(await writeIfChanged(outDir, `${year}/summary.xlsx`, result.value));
  }
  return written;
}

/** The summaries of a build's results; a failure is reported, not thrown (the sheets are built). */
export async function buildSummaries(
  forms: FormRegistry | Promise<FormRegistry>,
  results: readonly SheetResult[],
  outDir: string,
  lang: Lang,
  output: Output,
  make?: SummaryMaker,
): Promise<OutputRecord[]> {
  try {
    const registry = await forms;
    const entries: SummaryEntry[] = [];
    for (const r of results) {
      if ((r.status !== "built" && r.status !== "skipped") || !r.identity || r.model === undefined) continue;
      const form = registry.get(r.identity.formId);
      if (form) entries.push({ form, model: r.model, year: r.identity.year, code: r.identity.code });
    }
    return await writeSummaries(entries, outDir, make);
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
