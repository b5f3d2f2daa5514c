/**
 * `hyoka summary`: the consolidated workbooks `out/<year>/summary.xlsx` from the data files alone, for sharded CI
 * builds whose outputs were gathered afterwards (`hyoka build` makes them from the models its workers return,
 * see pipeline/summaries.ts). It takes exactly the sheets `build` accepts: every check of the stage chain
 * (pipeline/stages.ts), and none of two files that would write the same outputs.
 */
import path from "node:path";
import { peekIdentity } from "../forms/identity-hint.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import {
  foreignFile,
  MANIFEST_PATH,
  readManifest,
  removeRecorded,
  writeManifest,
} from "../pipeline/manifest.js";
import { Ownership } from "../pipeline/ownership.js";
import { checkSheets } from "../pipeline/stages.js";
import { type SummaryEntry, writeSummaries } from "../pipeline/summaries.js";
import { summaryRowCount } from "../render-xlsx/summary-size.js";
import {
  type Output,
  printDiagnostics,
  printDiscoveryErrors,
  printSkipped,
  showPath,
} from "../report/console.js";
import { openOutDir } from "../write/out-dir.js";
import { openGlyphChecker } from "./glyph-checker.js";

export interface SummaryOptions {
  patterns: string[];
  outDir: string;
  lang: Lang;
  output: Output;
}

/** `hyoka summary`: only the consolidated workbooks, from the data files. */
export async function runSummary(options: SummaryOptions): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  const registry = await FormRegistry.load();
  const found = await discover(options.patterns);
  printSkipped(output, found.skipped, lang);
  printDiscoveryErrors(output, found.errors, lang);
  const glyphs = await openGlyphChecker(output, lang);
  if (!glyphs) return 1;
  const entries: SummaryEntry[] = [];
  /** The years the sheets name, failed ones included: a year none of whose sheets is left loses its summary. */
  const yearsSeen = new Set<number>();
  let failed = 0;
  for (const { result, diagnostics, accepted } of await checkSheets(registry, glyphs, found.files, lang)) {
    printDiagnostics(output, diagnostics, lang);
    const year = result.identity?.year ?? (result.ok ? undefined : peekIdentity(result.value)?.year);
    if (year !== undefined) yearsSeen.add(year);
    if (!result.ok || !accepted) {
      failed++;
      continue;
    }
    entries.push({
      formId: result.form.id,
      model: result.model,
      year: result.identity.year,
      code: result.identity.code,
      rows: summaryRowCount([{ form: result.form, model: result.model }]),
    });
  }
  // The output folder, checked and locked before anything is written (released at the end, or on exit).
  const opened = await openOutDir(options.outDir, found, lang, output, { releaseOnSignal: true });
  if (typeof opened === "number") return opened;
  const realRoot = opened.root;
  let writing: "summaries" | "record" = "summaries";
  let refused = 0;
  try {
    const { manifest, problems } = await readManifest(realRoot);
    for (const problem of problems) output.err(`${ja ? "警告" : "warning"}: ${problem[lang]}`);
    // A summary.xlsx hyoka did not write (or that was changed since) is left alone, and said.
    const ownership = Ownership.open(realRoot, manifest);
    const guard = { ownership, refused: [] as string[] };
    const written = await writeSummaries(entries, realRoot, undefined, guard);
    for (const rel of guard.refused) {
      refused++;
      output.err(
        `${showPath(path.join(options.outDir, rel))}: ${ja ? "エラー" : "error"}: ${foreignFile(rel)[lang]}`,
      );
    }
    for (const w of written) {
      manifest.yearOutputs.set(w.path, w);
      output.out(path.join(options.outDir, w.path));
    }
    const yearsWritten = new Set(written.map((w) => Number(w.path.split("/")[0])));
    for (const [rel, record] of manifest.yearOutputs) {
      const year = Number(rel.split("/")[0]);
      if (!yearsSeen.has(year) || yearsWritten.has(year)) continue;
      // Every sheet of the year failed: the old summary (one hyoka wrote, unchanged since) would mislead.
      const outcome = removeRecorded(realRoot, record);
      if (outcome === "removed")
        output.err(
          ja
            ? `${path.join(options.outDir, rel)}: 集計に入るシートがないため、前回の集計を削除しました`
            : `${path.join(options.outDir, rel)}: no sheet of the year is left, so the old summary was removed`,
        );
      if (outcome !== "failed") manifest.yearOutputs.delete(rel);
    }
    writing = "record";
    await writeManifest(realRoot, manifest);
    await ownership.settle(manifest);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const where = showPath(options.outDir);
    output.err(
      writing === "summaries"
        ? ja
          ? `集計ワークブックを出力先 ${where} に書き込めませんでした: ${detail}`
          : `could not write the summary workbooks into ${where}: ${detail}`
        : ja
          ? `集計ワークブックは書き込みましたが、記録 ${MANIFEST_PATH} を出力先 ${where} に書き込めませんでした: ${detail}`
          : `the summary workbooks were written, but not the record ${MANIFEST_PATH} in ${where}: ${detail}`,
    );
    return 1;
  } finally {
    opened.release();
  }
  output.result?.({ sheets: found.files.length, built: entries.length, failed });
  output.out(
    ja
      ? `集計に ${entries.length} 件、除外 ${failed} 件`
      : `${entries.length} sheets in the summary, ${failed} left out`,
  );
  return failed > 0 || refused > 0 || found.errors.length > 0 || found.files.length === 0 ? 1 : 0;
}
