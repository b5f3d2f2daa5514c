/**
 * The consolidated workbook `out/<year>/summary.xlsx` over every sheet of a build. `hyoka build` makes it from
 * the models its workers return; `hyoka summary` makes it from the data files alone, for sharded CI builds
 * whose outputs were gathered afterwards.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic, hasErrors } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import type { AnyForm } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { loadSheet } from "../load/load-sheet.js";
import { documentDate } from "../model/document-date.js";
import { sha256 } from "../pipeline/fingerprint.js";
import type { OutputRecord } from "../pipeline/manifest.js";
import type { SheetResult } from "../pipeline/process-sheet.js";
import { MAIN_FONT_FAMILY } from "../render-pdf/main-font.js";
import { type Output, printDiagnostics, printDiscoveryErrors, printSkipped } from "../report/console.js";
import { validateSheet } from "../validate/validate-sheet.js";
import { HYOKA_VERSION } from "../version.js";
import { writeAtomic } from "../write/atomic.js";

interface SummaryEntry {
  form: AnyForm;
  model: unknown;
  year: number;
  code: string;
}

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

async function writeSummaries(entries: SummaryEntry[], outDir: string): Promise<OutputRecord[]> {
  const byYear = new Map<number, SummaryEntry[]>();
  for (const e of entries) byYear.set(e.year, [...(byYear.get(e.year) ?? []), e]);
  const written: OutputRecord[] = [];
  // Loaded here, not with the command: `hyoka build` needs exceljs in its main thread only now, at the end,
  // after the workers are gone (it was some 25 MB and 0.2 s of CPU at start-up, beside the starting workers).
  const { SummaryWorkbook } = await import("../render-xlsx/summary-workbook.js");
  for (const [year, group] of [...byYear].sort(([a], [b]) => a - b)) {
    group.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const workbook = new SummaryWorkbook({
      date: documentDate(year),
      version: HYOKA_VERSION,
      fontFamily: MAIN_FONT_FAMILY,
      year,
    });
    for (const e of group) workbook.add(e.form, e.model);
    written.push(await writeIfChanged(outDir, `${year}/summary.xlsx`, await workbook.finish()));
  }
  return written;
}

export async function buildSummaries(
  registry: FormRegistry,
  results: readonly SheetResult[],
  outDir: string,
  lang: Lang,
  output: Output,
): Promise<OutputRecord[]> {
  const entries: SummaryEntry[] = [];
  for (const r of results) {
    if ((r.status !== "built" && r.status !== "skipped") || !r.identity || r.model === undefined) continue;
    const form = registry.get(r.identity.formId);
    if (form) entries.push({ form, model: r.model, year: r.identity.year, code: r.identity.code });
  }
  try {
    return await writeSummaries(entries, outDir);
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

export interface SummaryOptions {
  patterns: string[];
  outDir: string;
  lang: Lang;
  output: Output;
}

/** `hyoka summary`: only the consolidated workbooks, from the data files. */
export async function runSummary(options: SummaryOptions): Promise<number> {
  const { lang, output } = options;
  const registry = await FormRegistry.load();
  const found = await discover(options.patterns);
  printSkipped(output, found.skipped, lang);
  printDiscoveryErrors(output, found.errors, lang);
  const entries: SummaryEntry[] = [];
  let failed = 0;
  for (const file of found.files) {
    const loaded = await loadSheet(file, lang);
    const result = loaded.ok ? validateSheet(registry, loaded.sheet, lang, loaded.diagnostics) : loaded;
    printDiagnostics(output, result.diagnostics, lang);
    if (!result.ok || hasErrors(result.diagnostics)) {
      failed++;
      continue;
    }
    const model = result.form.derive(result.data);
    const id = result.form.identify(model);
    entries.push({ form: result.form, model, year: id.year, code: id.code });
  }
  const written = await writeSummaries(entries, options.outDir);
  for (const w of written) output.out(path.join(options.outDir, w.path));
  output.out(
    lang === "ja"
      ? `集計に ${entries.length} 件、除外 ${failed} 件`
      : `${entries.length} sheets in the summary, ${failed} left out`,
  );
  return failed > 0 || found.errors.length > 0 || found.files.length === 0 ? 1 : 0;
}
