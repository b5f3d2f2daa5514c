/**
 * `hyoka build`: every sheet through the pipeline in a worker pool, outputs written atomically under out/ (by
 * this thread, while the workers render the next sheets), unchanged sheets skipped, a consolidated workbook per
 * year, report.json and a summary at the end.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { type Diagnostic, duplicateGroups, duplicateSheet } from "../diagnostics.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { environmentFingerprint } from "../pipeline/fingerprint.js";
import {
  MANIFEST_PATH,
  type Manifest,
  ManifestCheckpoints,
  readManifest,
  writeManifest,
} from "../pipeline/manifest.js";
import { SheetPool } from "../pipeline/pool.js";
import type { SheetResult } from "../pipeline/process-sheet.js";
import { runSheets } from "../pipeline/run-sheets.js";
import {
  buildSummaries,
  EarlySummaries,
  makeSummaryHere,
  type SummaryMaker,
  summaryEntries,
} from "../pipeline/summaries.js";
import { finishSheet } from "../pipeline/write-outputs.js";
import { type FontFiles, readFontFiles } from "../render-pdf/font-config.js";
import { IN_MEMORY_ROWS } from "../render-xlsx/summary-size.js";
import { type Output, printDiagnostics, printDiscoveryErrors, printSkipped } from "../report/console.js";
import { createProgress } from "../report/progress.js";
import { writeReport } from "../report/report-json.js";
import { HYOKA_VERSION } from "../version.js";
import { OutputFolders, removeStrayTemps, removeTempsInFlight } from "../write/atomic.js";

export interface Shard {
  index: number;
  count: number;
}

export interface BuildOptions {
  patterns: string[];
  outDir: string;
  lang: Lang;
  jobs?: number;
  force: boolean;
  shard?: Shard;
  timeoutMs: number;
  memoryMb: number;
  output: Output;
}

/**
 * `i/n`: whole numbers written plainly (digits only: no sign, leading zero, spaces or exponent), 1 ≤ i ≤ n ≤ 1000;
 * anything else is undefined (main.ts says why).
 */
export function parseShard(text: string): Shard | undefined {
  const m = /^([1-9][0-9]{0,3})\/([1-9][0-9]{0,3})$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count > 1000 || index > count) return undefined;
  return { index, count };
}

/** A stable share of the files: the same split on every machine, whatever the order of discovery. */
export function inShard(file: string, shard: Shard): boolean {
  const digest = createHash("sha256").update(file.replaceAll("\\", "/")).digest();
  return (digest.readUInt32BE(0) % shard.count) + 1 === shard.index;
}

/** Reads only what names the outputs, to catch two files that would write the same ones before any work. */
async function outputKey(file: string): Promise<string | undefined> {
  try {
    const data = JSON.parse((await readFile(file, "utf8")).replace(/^\uFEFF/, "")) as {
      evaluationYear?: unknown;
      measure?: { code?: unknown };
    };
    if (typeof data.evaluationYear === "number" && typeof data.measure?.code === "string")
      return `${data.evaluationYear}/${data.measure.code}`;
  } catch {
    // the worker reports what is wrong with the file
  }
  return undefined;
}

function duplicateDiagnostics(files: readonly string[], keys: readonly (string | undefined)[], lang: Lang) {
  const failed = new Map<string, Diagnostic[]>();
  const indexed = files.map((file, i) => ({ file, key: keys[i] }));
  for (const group of duplicateGroups(indexed, (f) => f.key)) {
    const [year = "", code = ""] = (group[0]?.key ?? "").split("/");
    const names = group.map((f) => f.file);
    for (const { file } of group) {
      const others = names.filter((f) => f !== file).join(", ");
      const hint = {
        ja: `${others} と出力先が重なるため、どちらも作成しません`,
        en: `it would overwrite the outputs of ${others}, so neither is built`,
      };
      failed.set(file, [duplicateSheet(lang, { file, year, code, files: names, hint })]);
    }
  }
  return failed;
}

/** The files of the year with the most sheets first, then the next; in their order within a year; unknown last. */
function largestYearFirst(files: readonly string[], yearOf: ReadonlyMap<string, number>): string[] {
  const count = new Map<number | undefined, number>();
  for (const f of files) count.set(yearOf.get(f), (count.get(yearOf.get(f)) ?? 0) + 1);
  const rank = (f: string) => {
    const year = yearOf.get(f);
    return year === undefined ? -1 : (count.get(year) ?? 0);
  };
  return files
    .map((file, index) => ({ file, index, rank: rank(file), year: yearOf.get(file) ?? 0 }))
    .sort((a, b) => b.rank - a.rank || b.year - a.year || a.index - b.index)
    .map((f) => f.file);
}

export async function runBuild(options: BuildOptions): Promise<number> {
  const { lang, output, outDir } = options;
  const ja = lang === "ja";
  const started = performance.now();
  // The workers start first (piscina starts its threads at once) and load their modules while this thread looks
  // for the files and reads the manifest and every file's output key, rather than after: measured, they started
  // some 50 ms earlier (this thread no longer loads fast-glob and globs before). A build of fewer files than
  // cores starts a worker it does not use.
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  // A build with no record of a previous one, or a forced one, renders: its workers load the renderers at once.
  const preload = options.force || !existsSync(path.join(outDir, MANIFEST_PATH));
  // Its workers then share the font files, read once here (20 MB, instead of a copy each).
  let fontFiles: FontFiles | undefined;
  if (preload) {
    try {
      fontFiles = readFontFiles();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      output.err(
        ja
          ? `フォントを読み込めません(fonts/fonts.json を確認してください): ${detail}`
          : `cannot read the fonts (check fonts/fonts.json): ${detail}`,
      );
      return 1;
    }
  }
  const pool = new SheetPool({
    jobs,
    timeoutMs: options.timeoutMs,
    memoryMb: options.memoryMb,
    preload,
    ...(fontFiles ? { fontFiles } : {}),
  });
  let found: Awaited<ReturnType<typeof discover>>;
  try {
    found = await discover(options.patterns);
  } catch (error) {
    await pool.close();
    throw error;
  }
  printSkipped(output, found.skipped, lang);
  printDiscoveryErrors(output, found.errors, lang);
  const files = options.shard ? found.files.filter((f) => inShard(f, options.shard as Shard)) : found.files;
  if (found.files.length === 0) {
    await pool.close();
    output.err(ja ? "作成するシートがありません" : "no sheets to build");
    return 1;
  }
  let manifest: Manifest;
  let duplicates: ReturnType<typeof duplicateDiagnostics>;
  const yearOf = new Map<string, number>();
  let environment: string;
  try {
    environment = environmentFingerprint();
    const strays = await removeStrayTemps(outDir);
    if (strays > 0)
      output.err(
        ja
          ? `前回の中断で残った一時ファイル ${strays} 件を削除しました`
          : `removed ${strays} stray temporary files`,
      );
    manifest = await readManifest(outDir);
    const keys = await Promise.all(files.map(outputKey));
    duplicates = duplicateDiagnostics(files, keys, lang);
    files.forEach((file, i) => {
      const year = Number(keys[i]?.split("/")[0]);
      if (Number.isInteger(year) && !duplicates.has(file)) yearOf.set(file, year);
    });
  } catch (error) {
    await pool.close();
    throw error;
  }

  const results: SheetResult[] = [];
  // What this build has written so far; entries of sheets it does not touch (another shard, another pattern)
  // stay. Written every few seconds while it runs, and at its end.
  const next: Manifest = { version: 1, entries: { ...manifest.entries } };
  const checkpoints = new ManifestCheckpoints(outDir, next);
  for (const [file, diagnostics] of duplicates) {
    printDiagnostics(output, diagnostics, lang);
    const failed: SheetResult = {
      file,
      status: "failed",
      outputs: [],
      diagnostics,
      timings: {},
      durationMs: 0,
    };
    results.push(failed);
    checkpoints.record(failed);
  }

  const progress = createProgress(files.length - duplicates.size, lang);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) {
      // A second Ctrl-C stops at once: the writes in progress are abandoned and their temporary files removed
      // here (any left over go with the next build); a final file is always the old one or the new one.
      const temps = removeTempsInFlight();
      const built = results.filter((r) => r.status === "built").length;
      output.err(
        ja
          ? `\n強制終了しました: 作成 ${built} 件${temps ? `、書きかけの一時ファイル ${temps} 件を削除` : ""}。report.json は更新していません`
          : `\nstopped at once: built ${built}${temps ? `, removed ${temps} temporary files of unfinished writes` : ""}; report.json not updated`,
      );
      process.exit(130);
    }
    interrupted = true;
    output.err(
      ja
        ? "\n中断します: 作業中のシートを終えてから止まります…"
        : "\ninterrupting: finishing the sheets in progress…",
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  // A year's summary of the usual size is made by a worker: the workers have run the code it needs for every
  // sheet, where this thread would load and run it cold (0.3 s at the end of a 200-sheet build, with one of the
  // two cores idle). A large one is streamed here, in bounded memory. Each year's is made as soon as its last
  // sheet is done, and the largest year's sheets go first: its summary is made while the others render.
  const make: SummaryMaker = (year, entries) =>
    entries.reduce((rows, e) => rows + e.rows, 0) <= IN_MEMORY_ROWS
      ? pool.summary({
          year,
          version: HYOKA_VERSION,
          entries: entries.map((e) => ({ formId: e.formId, model: e.model })),
        })
      : makeSummaryHere(year, entries);
  const early = options.shard
    ? undefined
    : new EarlySummaries(yearOf, async () => summaryEntries(results), make);

  const folders = new OutputFolders(outDir);
  try {
    await runSheets(
      largestYearFirst(
        files.filter((f) => !duplicates.has(f)),
        yearOf,
      ),
      Math.min(jobs, files.length || 1),
      {
        render: (file, after) => {
          const previous = manifest.entries[file];
          return pool.run(
            {
              file,
              outDir,
              lang,
              force: options.force,
              ...(previous ? { previous } : {}),
              environment,
              version: HYOKA_VERSION,
              wantModel: !options.shard,
            },
            after,
          );
        },
        // The files are written here, on the main thread, while the worker renders its next sheet.
        finish: (outcome) => finishSheet(folders, outcome, lang),
        done: (result) => {
          results.push(result);
          checkpoints.record(result);
          // An interrupted build writes no summaries.
          if (!interrupted) early?.done(result.file);
          printDiagnostics(output, result.diagnostics, lang);
          progress.tick(result.file, result.status === "failed");
        },
        stopped: () => interrupted,
      },
    );
  } catch (error) {
    await checkpoints.stop();
    await pool.close();
    throw error;
  } finally {
    progress.done();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  await checkpoints.stop();

  const extra: { path: string; sha256: string; bytes: number }[] = [];
  let removed = 0;
  if (!options.shard && !interrupted) {
    // Outputs of data files that no longer exist go too.
    for (const [input, entry] of Object.entries(next.entries)) {
      if (existsSync(input)) continue;
      for (const o of entry.outputs) await rm(path.join(outDir, o.path), { force: true });
      removed += entry.outputs.length;
      delete next.entries[input];
    }
    extra.push(...(await buildSummaries(results, outDir, lang, output, early?.maker() ?? make)));
  }
  // The workers end while this thread writes the manifest and the report.
  const closed = pool.close().catch(() => {});
  // The manifest and the report are written side by side.
  const manifestWritten = writeManifest(outDir, next);
  manifestWritten.catch(() => {});

  const counts = { built: 0, skipped: 0, failed: 0, warnings: 0 };
  for (const r of results) {
    counts[r.status]++;
    counts.warnings += r.diagnostics.filter((d) => d.severity === "warning").length;
  }
  const notStarted = files.length - results.length;
  const seconds = (performance.now() - started) / 1000;
  const reportName = options.shard
    ? `report.shard-${options.shard.index}-of-${options.shard.count}.json`
    : "report.json";
  await Promise.all([
    manifestWritten,
    writeReport(outDir, reportName, {
      version: HYOKA_VERSION,
      shard: options.shard ?? null,
      interrupted,
      seconds,
      counts: { ...counts, notStarted, removedOutputs: removed },
      results,
      summaries: extra,
    }),
  ]);
  const summary = ja
    ? `作成 ${counts.built} 件、変更なしで省略 ${counts.skipped} 件、警告 ${counts.warnings} 件、失敗 ${counts.failed} 件${notStarted ? `、未着手 ${notStarted} 件` : ""}(${seconds.toFixed(1)} 秒)`
    : `built ${counts.built}, skipped ${counts.skipped} unchanged, ${counts.warnings} warnings, failed ${counts.failed}${notStarted ? `, not started ${notStarted}` : ""} (${seconds.toFixed(1)} s)`;
  await closed;
  output.out(summary);
  output.out(ja ? `報告: ${path.join(outDir, reportName)}` : `report: ${path.join(outDir, reportName)}`);
  if (interrupted) {
    output.err(
      ja ? "中断しました。書きかけのファイルは残していません" : "interrupted; no half-written file was left",
    );
    return 130;
  }
  return counts.failed > 0 || found.errors.length > 0 ? 1 : 0;
}
