/**
 * `hyoka summary`: the consolidated workbooks `out/<year>/summary.xlsx` from the data files alone, for sharded CI
 * builds whose outputs were gathered afterwards (`hyoka build` makes them from the models its workers return,
 * see pipeline/summaries.ts).
 */
import path from "node:path";
import { hasErrors } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { loadSheet } from "../load/load-sheet.js";
import { type SummaryEntry, writeSummaries } from "../pipeline/summaries.js";
import { summaryRowCount } from "../render-xlsx/summary-size.js";
import { type Output, printDiagnostics, printDiscoveryErrors, printSkipped } from "../report/console.js";
import { validateSheet } from "../validate/validate-sheet.js";
import { openOutDir } from "../write/out-dir.js";

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
  // The output folder, checked and locked before anything is written (released at the end, or on exit).
  const opened = await openOutDir(options.outDir, found, lang, output);
  if (typeof opened === "number") return opened;
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
    entries.push({
      formId: result.form.id,
      model,
      year: id.year,
      code: id.code,
      rows: summaryRowCount([{ form: result.form, model }]),
    });
  }
  let written: Awaited<ReturnType<typeof writeSummaries>>;
  try {
    written = await writeSummaries(entries, opened.root);
  } catch (error) {
    opened.release();
    const detail = error instanceof Error ? error.message : String(error);
    output.err(
      lang === "ja"
        ? `集計ワークブックを出力先 ${options.outDir} に書き込めませんでした: ${detail}`
        : `could not write the summary workbooks into ${options.outDir}: ${detail}`,
    );
    return 1;
  }
  opened.release();
  for (const w of written) output.out(path.join(options.outDir, w.path));
  output.out(
    lang === "ja"
      ? `集計に ${entries.length} 件、除外 ${failed} 件`
      : `${entries.length} sheets in the summary, ${failed} left out`,
  );
  return failed > 0 || found.errors.length > 0 || found.files.length === 0 ? 1 : 0;
}
