import { existsSync } from "node:fs";
import { lstat, realpath } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { type PeekedIdentity, peekIdentity } from "../forms/identity-hint.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { readSource } from "../load/read-source.js";
import { duplicateSheets } from "../pipeline/duplicates.js";
import { environmentFingerprint, sha256, sheetHash } from "../pipeline/fingerprint.js";
import {
  copyManifest,
  foreignFile,
  inputKey,
  keepsOutputs,
  MANIFEST_PATH,
  type Manifest,
  ManifestCheckpoints,
  type ManifestEntry,
  type OutputRecord,
  outputIntact,
  readManifest,
  removeRecorded,
  writeManifest,
} from "../pipeline/manifest.js";
import { memberMismatches } from "../pipeline/members.js";
import { outputKey as identityKey, recordedOutputPaths, yearOutputPath } from "../pipeline/output-paths.js";
import { Ownership } from "../pipeline/ownership.js";
import { SheetPool } from "../pipeline/pool.js";
import type { SheetResult } from "../pipeline/process-sheet.js";
import { runSheets } from "../pipeline/run-sheets.js";
import { inShard, type Shard } from "../pipeline/shard.js";
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
import {
  type Output,
  printDiagnostics,
  printDiscoveryErrors,
  printSkipped,
  showPath,
} from "../report/console.js";
import { createProgress } from "../report/progress.js";
import { writeReport } from "../report/report-json.js";
import { HYOKA_VERSION } from "../version.js";
import { OutputFolders, removeStrayTemps, removeTempsInFlight } from "../write/atomic.js";
import { openOutDir } from "../write/out-dir.js";
import { sayFontsUnreadable } from "./fonts-unreadable.js";

export { inShard, parseShard, type Shard } from "../pipeline/shard.js";

export interface BuildOptions {
  patterns: string[];
  outDir: string;
  lang: Lang;
  jobs?: number;
  force: boolean;
  shard?: Shard;
  timeoutMs: number;
  memoryMb: number;
  /** Also each year's book (`<year>/book.pdf`), from the sheets this build accepted. */
  book?: boolean;
  /** Draft PDFs: no PDF/A, tags or attached source (quicker, smaller; see README "Archival PDFs"). */
  draft?: boolean;
  output: Output;
  /**
   * A pool the caller owns and keeps warm between builds (`hyoka watch`): used, never closed here. Without it a
   * build starts its own when the first sheet needs a worker, and closes it at its end.
   */
  pool?: SheetPool;
  /** False: no consolidated workbooks (`hyoka watch` rebuilds sheets only; `hyoka build` makes them). */
  summaries?: boolean;
  /** False: Ctrl-C is the caller's (`hyoka watch` handles it itself). */
  handleSignals?: boolean;
  /** False: no progress lines (`hyoka watch` says each rebuild in one line of its own). */
  progress?: boolean;
  /** Each sheet's final result, as soon as it is final (`hyoka watch` shows them). */
  onResult?: (result: SheetResult) => void;
}

/** The font files for the workers, read once; undefined (said) when they cannot be read. */
export function readWorkerFonts(output: Output, lang: Lang): FontFiles | undefined {
  try {
    return readFontFiles();
  } catch (error) {
    sayFontsUnreadable(output, lang, error);
    return undefined;
  }
}

/** What the build knows of a file before any worker sees it. */
interface Peeked {
  /** What names its outputs (form, year and code), when the raw data or its last build's record says. */
  identity?: PeekedIdentity;
  /** The hash that decides a rebuild (fingerprint.ts `sheetHash`), when the file could be read. */
  hash?: string;
}

/**
 * Reads a file once, for two things: its hash, and what names its outputs (the year and code, where the sheet's
 * form declares them) to catch two files that would write the same ones before any work. A file whose hash is
 * the one its last build recorded is not parsed: the entry names its year and code. A file that cannot be read
 * so is left to its worker, which reports what is wrong with it.
 */
async function peekSheet(
  file: string,
  environment: string,
  previous: ManifestEntry | undefined,
): Promise<Peeked> {
  const source = await readSource(file);
  if (!source.ok) return {};
  const hash = sheetHash(source.bytes, environment);
  if (previous?.form && previous.inputHash === hash)
    return { identity: { formId: previous.form, year: previous.year, code: previous.code }, hash };
  try {
    const identity = peekIdentity(JSON.parse(source.text.replace(/^\uFEFF/, "")));
    return identity ? { identity, hash } : { hash };
  } catch {
    return { hash };
  }
}

/**
 * What the consolidated workbook of a year was made from: its sheets' inputs and hashes. Kept with the workbook's
 * record, so that an unchanged build can tell the workbook on disk is the one it would make.
 */
function summarySource(sheets: Iterable<{ key: string; hash: string }>): string {
  const lines = [...sheets].map((s) => `${s.key}\0${s.hash}`).sort();
  return sha256(lines.join("\n"));
}

/** Files whose raw data names the same outputs: each one's error, as the stage chain words it. */
function duplicateDiagnostics(
  files: readonly string[],
  peeked: readonly (PeekedIdentity | undefined)[],
  lang: Lang,
) {
  const named = files.flatMap((file, i) => {
    const identity = peeked[i];
    return identity ? [{ file, identity }] : [];
  });
  return new Map([...duplicateSheets(named, lang)].map(([sheet, d]) => [sheet.file, [d]]));
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
  const { lang, output } = options;
  const ja = lang === "ja";
  const started = performance.now();
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  // A build with no record of a previous one, or a forced one, renders: its workers start first (piscina starts
  // its threads at once) and load their modules and renderers while this thread looks for the files and reads
  // the manifest, rather than after: measured, they started some 50 ms earlier. Any other build starts its
  // workers only when the first sheet needs one (`ensurePool`): an unchanged build starts none (it took 1.3 s
  // for 200 sheets with two workers loading the forms and checking every sheet; 0.3 s without).
  const preload = options.force || !existsSync(path.join(options.outDir, MANIFEST_PATH));
  // Its workers then share the font files, read once here (20 MB, instead of a copy each).
  let fontFiles: FontFiles | undefined;
  if (preload && !options.pool) {
    fontFiles = readWorkerFonts(output, lang);
    if (!fontFiles) return 1;
  }
  let ownPool: SheetPool | undefined;
  const ensurePool = (): SheetPool => {
    if (options.pool) return options.pool;
    ownPool ??= new SheetPool({
      jobs,
      timeoutMs: options.timeoutMs,
      memoryMb: options.memoryMb,
      preload,
      ...(fontFiles ? { fontFiles } : {}),
    });
    return ownPool;
  };
  const closePool = async () => {
    await ownPool?.close();
  };
  if (preload) ensurePool();
  let found: Awaited<ReturnType<typeof discover>>;
  try {
    found = await discover(options.patterns);
  } catch (error) {
    await closePool();
    throw error;
  }
  printSkipped(output, found.skipped, lang);
  printDiscoveryErrors(output, found.errors, lang);
  const files = options.shard ? found.files.filter((f) => inShard(f, options.shard as Shard)) : found.files;
  if (found.files.length === 0) {
    await closePool();
    output.err(ja ? "作成するシートがありません" : "no sheets to build");
    return 1;
  }
  // The output folder, checked and locked before anything in it is written or removed; from here on, known by
  // its real path. The lock is released at the end (and, on any other way out, when the process exits).
  const opened = await openOutDir(options.outDir, found, lang, output);
  if (typeof opened === "number") {
    await closePool();
    return opened;
  }
  const realRoot = opened.root;
  const summaries = options.summaries !== false && !options.shard;
  let manifest: Manifest;
  let duplicates: ReturnType<typeof duplicateDiagnostics>;
  const yearOf = new Map<string, number>();
  let environment: string;
  const keyOf = new Map<string, string>();
  const hashOf = new Map<string, string>();
  try {
    environment = environmentFingerprint(process.env, { draft: options.draft === true });
    const strays = await removeStrayTemps(realRoot);
    if (strays > 0)
      output.err(
        ja
          ? `前回の中断で残った一時ファイル ${strays} 件を削除しました`
          : `removed ${strays} stray temporary files`,
      );
    const read = await readManifest(realRoot);
    manifest = read.manifest;
    for (const problem of read.problems) output.err(`${ja ? "警告" : "warning"}: ${problem[lang]}`);
    const realInputs = await Promise.all(files.map((f) => realpath(f).catch(() => path.resolve(f))));
    for (const [i, file] of files.entries()) keyOf.set(file, inputKey(realRoot, realInputs[i] as string));
    const peeked = await Promise.all(
      files.map((f) => peekSheet(f, environment, manifest.entries.get(keyOf.get(f) ?? f))),
    );
    const identities = peeked.map((p) => p.identity);
    for (const [i, file] of files.entries()) {
      const hash = peeked[i]?.hash;
      if (hash) hashOf.set(file, hash);
    }
    duplicates = await settleDuplicates(duplicateDiagnostics(files, identities, lang), lang, output);
    files.forEach((file, i) => {
      const year = peeked[i]?.identity?.year;
      if (year !== undefined && !duplicates.has(file)) yearOf.set(file, year);
    });
  } catch (error) {
    await closePool();
    throw error;
  }
  const keyFor = (file: string) => keyOf.get(file) ?? file;

  const results: SheetResult[] = [];
  // What this build has written so far; entries of sheets it does not touch (another shard, another pattern)
  // stay. Written every few seconds while it runs, and at its end.
  const next: Manifest = copyManifest(manifest);
  const checkpoints = new ManifestCheckpoints(realRoot, next, lang);
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
    checkpoints.record(keyFor(file), failed);
    options.onResult?.(failed);
  }

  // The sheets this thread can skip on its own: the file's hash is the one its last build recorded, in the same
  // language, and its outputs are on disk with the recorded bytes, which is all a worker would check before it
  // skips a sheet. No worker starts for them, and no sheet is parsed or validated again.
  const quick = new Map<string, SheetResult>();
  // A book needs every sheet's model, which only a worker makes: `--book` sends every sheet to the workers.
  if (!options.force && !options.book)
    for (const file of files) {
      const entry = manifest.entries.get(keyFor(file));
      const hash = hashOf.get(file);
      // An entry from before entries named their form goes to a worker once, which records its form.
      if (duplicates.has(file) || !entry?.form || !hash || entry.inputHash !== hash || entry.lang !== lang)
        continue;
      if (entry.outputs.length === 0 || !entry.outputs.every((o) => outputIntact(realRoot, o))) continue;
      quick.set(file, {
        file,
        status: "skipped",
        inputHash: hash,
        // What names the outputs; the rest of an identity (titles, groups) is for a summary or book, which an
        // unchanged sheet's entry does not feed (see below).
        identity: {
          formId: entry.form,
          year: entry.year,
          code: entry.code,
          title: "",
          author: "",
          groups: [],
          ...(entry.members ? { members: entry.members } : {}),
        },
        outputs: entry.outputs,
        diagnostics: entry.warnings.map((w) => ({ ...w, severity: "warning" as const, file })),
        timings: {},
        durationMs: 0,
      });
    }
  // A year's consolidated workbook needs its sheets' models, which only a worker makes. It is kept as it is when
  // every sheet of the year is skipped here and the workbook on disk was made from exactly these sheets with
  // these hashes (its record says so); otherwise the year's unchanged sheets go to the workers too, which skip
  // them and give back their models.
  const reusedYears = new Set<number>();
  if (summaries)
    for (const year of new Set(yearOf.values())) {
      const ofYear = files.filter((f) => yearOf.get(f) === year);
      const record = manifest.yearOutputs.get(yearOutputPath(year));
      const reusable =
        ofYear.every((f) => quick.has(f)) &&
        record?.from !== undefined &&
        record.from === summarySource(ofYear.map((f) => ({ key: keyFor(f), hash: hashOf.get(f) ?? "" }))) &&
        outputIntact(realRoot, record);
      if (reusable) reusedYears.add(year);
      else for (const f of ofYear) quick.delete(f);
    }

  const progress =
    options.progress === false
      ? { tick: () => {}, done: () => {} }
      : createProgress(files.length - duplicates.size, lang, { enabled: output.progress !== false });
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
  const handleSignals = options.handleSignals !== false;
  if (handleSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  // A year's summary of the usual size is made by a worker: the workers have run the code it needs for every
  // sheet, where this thread would load and run it cold (0.3 s at the end of a 200-sheet build, with one of the
  // two cores idle). A large one is streamed here, in bounded memory. Each year's is made as soon as its last
  // sheet is done, and the largest year's sheets go first: its summary is made while the others render.
  const make: SummaryMaker = (year, entries) =>
    entries.reduce((rows, e) => rows + e.rows, 0) <= IN_MEMORY_ROWS
      ? ensurePool().summary({
          year,
          version: HYOKA_VERSION,
          entries: entries.map((e) => ({ formId: e.formId, model: e.model })),
        })
      : makeSummaryHere(year, entries);
  const early = summaries
    ? new EarlySummaries(
        new Map([...yearOf].filter(([, year]) => !reusedYears.has(year))),
        async () => summaryEntries(results),
        make,
      )
    : undefined;

  const folders = new OutputFolders(realRoot);
  // A file hyoka did not write (or that was changed since) is never replaced: the sheet fails, saying so.
  const ownership = Ownership.open(realRoot, manifest);
  const refuse = {
    refuse: (rel: string) => ownership.refuse(rel),
    note: (r: OutputRecord[]) => ownership.note(r),
  };
  // Which file each output key went to in this build: a sheet whose key another file already has (a duplicate
  // the early look could not see) fails instead of writing over that file's outputs.
  const claimed = new Map<string, string>();
  const done = (result: SheetResult) => {
    results.push(result);
    checkpoints.record(keyFor(result.file), result);
    // An interrupted build writes no summaries.
    if (!interrupted) early?.done(result.file);
    printDiagnostics(output, result.diagnostics, lang);
    progress.tick(result.file, result.status === "failed");
    options.onResult?.(result);
  };
  for (const result of quick.values()) {
    if (result.identity) claimed.set(identityKey(result.identity), result.file);
    done(result);
  }
  try {
    await runSheets(
      largestYearFirst(
        files.filter((f) => !duplicates.has(f) && !quick.has(f)),
        yearOf,
      ),
      Math.min(jobs, files.length || 1),
      {
        render: (file, after) => {
          const previous = manifest.entries.get(keyFor(file));
          return ensurePool().run(
            {
              file,
              outDir: realRoot,
              lang,
              force: options.force,
              ...(previous ? { previous } : {}),
              environment,
              version: HYOKA_VERSION,
              wantModel: summaries || options.book === true,
              draft: options.draft === true,
            },
            after,
          );
        },
        // The files are written here, on the main thread, while the worker renders its next sheet.
        finish: (outcome) => {
          if (outcome.status !== "failed" && outcome.identity) {
            const key = identityKey(outcome.identity);
            const owner = claimed.get(key);
            if (owner !== undefined && owner !== outcome.file) {
              const { files: _files, ...rest } = outcome as typeof outcome & { files?: unknown };
              const identity = outcome.identity;
              const [diagnostic] =
                duplicateDiagnostics([owner, outcome.file], [identity, identity], lang).get(outcome.file) ??
                [];
              return Promise.resolve({
                ...rest,
                status: "failed" as const,
                outputs: [],
                diagnostics: [...outcome.diagnostics, ...(diagnostic ? [diagnostic] : [])],
              });
            }
            claimed.set(key, outcome.file);
          }
          return finishSheet(folders, outcome, lang, refuse);
        },
        done,
        stopped: () => interrupted,
      },
    );
  } catch (error) {
    await checkpoints.stop();
    await closePool();
    throw error;
  } finally {
    progress.done();
    if (handleSignals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }

  await checkpoints.stop();

  // Across the forms of one measure: the projects one lists and another does not (warnings, said once all
  // the sheets of the measure are known).
  if (!interrupted) {
    const mismatches = memberMismatches(
      results.flatMap((r) =>
        r.status !== "failed" && r.identity ? [{ file: r.file, identity: r.identity }] : [],
      ),
      lang,
    );
    for (const r of results) {
      const found = mismatches.get(r.file);
      if (!found) continue;
      r.diagnostics.push(...found);
      printDiagnostics(output, found, lang);
    }
  }

  const extra: OutputRecord[] = [];
  let removed = 0;
  let bookFailed = false;
  if (!interrupted) {
    const cleanup = await removeStaleOutputs({
      realRoot,
      previous: manifest,
      next,
      results,
      keyFor,
      thisBuild: new Set(files.map(keyFor)),
      fullBuild: !options.shard,
    });
    removed += cleanup.removed;
    if (cleanup.removed > 0)
      output.err(
        ja
          ? `どの入力からも作られなくなった古い出力 ${cleanup.removed} 件を削除しました`
          : `removed ${cleanup.removed} old outputs that no input makes any more`,
      );
    for (const kept of cleanup.changed)
      output.err(
        ja
          ? `警告: ${kept} はどの入力からも作られなくなりましたが、hyoka が書いた後に変更されているため残します`
          : `warning: ${kept} is no longer made by any input, but it changed since hyoka wrote it, so it is kept`,
      );
  }
  if (summaries && !interrupted) {
    const made = await buildSummaries(results, realRoot, lang, output, early?.maker() ?? make, ownership);
    // Each workbook made is recorded with what it was made from: the next build keeps it while that holds.
    for (const record of made) {
      const year = Number(record.path.split("/")[0]);
      const sheets = results.flatMap((r) =>
        (r.status === "built" || r.status === "skipped") && r.identity?.year === year && r.inputHash
          ? [{ key: keyFor(r.file), hash: r.inputHash }]
          : [],
      );
      extra.push({ ...record, from: summarySource(sheets) });
    }
    for (const year of reusedYears) {
      const kept = next.yearOutputs.get(yearOutputPath(year));
      if (kept) extra.push(kept);
    }
    for (const record of extra) next.yearOutputs.set(record.path, record);
    // A year that had sheets and has none left has no summary or book any more: one hyoka wrote and nobody
    // changed goes. A year this build knows nothing of (a book made before any build of it) keeps its files.
    const years = new Set([...next.entries.values()].map((e) => e.year));
    const seen = new Set([
      ...[...manifest.entries.values()].map((e) => e.year),
      ...results.flatMap((r) => (r.identity ? [r.identity.year] : [])),
      ...yearOf.values(),
    ]);
    for (const [rel, record] of next.yearOutputs) {
      const year = Number(rel.split("/")[0]);
      if (years.has(year) || !seen.has(year)) continue;
      const outcome = removeRecorded(realRoot, record);
      if (outcome === "removed") removed++;
      if (outcome !== "failed") next.yearOutputs.delete(rel);
    }
    if (options.book)
      bookFailed = await buildBooks(results, yearOf, { ...options, root: realRoot, next, ownership });
  }
  // The workers end while this thread writes the manifest and the report.
  const closed = closePool().catch(() => {});
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
  // A full disk, a folder made read-only meanwhile: said, not thrown (the outputs written are complete).
  let notWritten: string | undefined;
  let reportRefused = false;
  try {
    // The report first, then the manifest that records it (so that the next build may replace it).
    if (ownership.standing(reportName) === "foreign") reportRefused = true;
    else
      next.reports.set(
        reportName,
        await writeReport(
          realRoot,
          reportName,
          {
            version: HYOKA_VERSION,
            shard: options.shard ?? null,
            interrupted,
            seconds,
            counts: { ...counts, notStarted, removedOutputs: removed },
            results,
            summaries: extra,
          },
          (record) => ownership.note([record]),
        ),
      );
    await writeManifest(realRoot, next);
    await ownership.settle(next);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    notWritten = ja
      ? `報告 ${reportName} と記録 ${MANIFEST_PATH} を出力先 ${options.outDir} に書き込めませんでした: ${detail}`
      : `could not write the report ${reportName} and the record ${MANIFEST_PATH} into ${options.outDir}: ${detail}`;
  }
  if (reportRefused) notWritten = foreignFile(reportName)[lang];
  const summary = ja
    ? `作成 ${counts.built} 件、変更なしで省略 ${counts.skipped} 件、警告 ${counts.warnings} 件、失敗 ${counts.failed} 件${notStarted ? `、未着手 ${notStarted} 件` : ""}(${seconds.toFixed(1)} 秒)`
    : `built ${counts.built}, skipped ${counts.skipped} unchanged, ${counts.warnings} warnings, failed ${counts.failed}${notStarted ? `, not started ${notStarted}` : ""} (${seconds.toFixed(1)} s)`;
  await closed;
  opened.release();
  output.result?.({
    sheets: files.length,
    built: counts.built,
    skipped: counts.skipped,
    failed: counts.failed,
  });
  output.out(summary);
  const reportPath = path.join(options.outDir, reportName);
  if (notWritten) output.err(notWritten);
  else output.out(ja ? `報告: ${showPath(reportPath)}` : `report: ${showPath(reportPath)}`);
  if (interrupted) {
    output.err(
      ja ? "中断しました。書きかけのファイルは残していません" : "interrupted; no half-written file was left",
    );
    return 130;
  }
  return counts.failed > 0 || found.errors.length > 0 || notWritten || bookFailed ? 1 : 0;
}

interface StaleOutputs {
  realRoot: string;
  /** The manifest as the build found it, and as it leaves it. */
  previous: Manifest;
  next: Manifest;
  results: readonly SheetResult[];
  keyFor: (file: string) => string;
  /** The keys of this build's inputs. */
  thisBuild: ReadonlySet<string>;
  /** Whether the build took all the sheets its patterns name (no shard): only then are deleted inputs cleared. */
  fullBuild: boolean;
}

/**
 * Removes the outputs no input makes any more: those of a sheet that failed in this build, and (in a full build)
 * those of a data file that no longer exists. Never one that an input of this build produced or would produce
 * (a renamed file writes the same outputs as its old name), nor one that a kept entry names, and only a file hyoka
 * wrote, still with the bytes it recorded (see manifest.ts). Gives how many went and the files kept as changed.
 */
async function removeStaleOutputs(s: StaleOutputs): Promise<{ removed: number; changed: string[] }> {
  const { realRoot, previous, next, results } = s;
  const stale: OutputRecord[] = [];
  for (const r of results) {
    const before = previous.entries.get(s.keyFor(r.file));
    if (!before) continue;
    if (r.status === "failed") {
      // A sheet that failed on its data: its old outputs no longer match it. One stopped by a limit, a crash or
      // a write that failed keeps them (recordResult keeps its entry).
      if (!keepsOutputs(r)) stale.push(...before.outputs);
    } else {
      // A sheet whose code or year changed writes other files: the ones of its old name go.
      const now = new Set(r.outputs.map((o) => o.path));
      stale.push(...before.outputs.filter((o) => !now.has(o.path)));
    }
  }
  if (s.fullBuild) {
    for (const [key, entry] of next.entries) {
      if (s.thisBuild.has(key)) continue;
      const gone = await lstat(path.resolve(realRoot, key)).then(
        () => false,
        (error: NodeJS.ErrnoException) => error.code === "ENOENT" || error.code === "ENOTDIR",
      );
      if (!gone) continue;
      stale.push(...entry.outputs);
      next.entries.delete(key);
    }
  }
  const keep = new Set<string>();
  for (const r of results) {
    for (const o of r.outputs) keep.add(o.path);
    if (r.status !== "failed" && r.identity)
      for (const p of recordedOutputPaths({ form: r.identity.formId || undefined, ...r.identity }))
        keep.add(p);
  }
  for (const entry of next.entries.values()) for (const o of entry.outputs) keep.add(o.path);
  for (const rel of next.yearOutputs.keys()) keep.add(rel);
  let removed = 0;
  const changed: string[] = [];
  for (const record of stale) {
    if (keep.has(record.path)) continue;
    keep.add(record.path);
    const outcome = removeRecorded(realRoot, record);
    if (outcome === "removed") removed++;
    else if (outcome === "changed") changed.push(record.path);
  }
  return { removed, changed };
}

/**
 * Files whose raw data names the same year and code are checked here in full, as `validate` checks them: one
 * that fails on its own merits is reported with its own errors; those that pass are refused as duplicates of
 * each other; a single one left standing is built. Rare, so the forms and fonts are loaded only then.
 */
async function settleDuplicates(
  tentative: Map<string, Diagnostic[]>,
  lang: Lang,
  output: Output,
): Promise<Map<string, Diagnostic[]>> {
  if (tentative.size === 0) return tentative;
  const [{ FormRegistry }, { checkSheets }, { openGlyphChecker }] = await Promise.all([
    import("../forms/registry.js"),
    import("../pipeline/stages.js"),
    import("./glyph-checker.js"),
  ]);
  const glyphs = await openGlyphChecker(output, lang);
  if (!glyphs) return tentative;
  const checked = await checkSheets(await FormRegistry.load(), glyphs, [...tentative.keys()], lang);
  return new Map(checked.filter((c) => !c.accepted).map((c) => [c.file, c.diagnostics]));
}

/**
 * The book stage over the sheets this build accepted: their models came back from the workers (for the
 * summaries), so nothing is loaded or checked again; only the forms' layouts and pdfmake are loaded, here.
 * True when a book could not be made.
 */
async function buildBooks(
  results: readonly SheetResult[],
  yearOf: ReadonlyMap<string, number>,
  ctx: BuildOptions & { root: string; next: Manifest; ownership: Ownership },
): Promise<boolean> {
  const [{ makeBooks, prepareBooks }, { FormRegistry }] = await Promise.all([
    import("../pipeline/book-stage.js"),
    import("../forms/registry.js"),
  ]);
  const setup = await prepareBooks(ctx.lang, ctx.output);
  if (!setup) return true;
  const registry = await FormRegistry.load();
  const accepted = results.flatMap((r) => {
    const form = r.identity && registry.get(r.identity.formId);
    return r.status !== "failed" && r.identity && form && r.model !== undefined
      ? [{ file: r.file, form, model: r.model, identity: r.identity }]
      : [];
  });
  const failed = results
    .filter((r) => r.status === "failed")
    .map((r) => ({ file: r.file, year: r.identity?.year ?? yearOf.get(r.file) }));
  const { bookFailed } = await makeBooks(
    {
      setup,
      lang: ctx.lang,
      output: ctx.output,
      outDir: ctx.outDir,
      root: ctx.root,
      manifest: ctx.next,
      ownership: ctx.ownership,
      persist: false,
      // --quiet (and `hyoka watch`) silence the book's progress as they do the sheets'.
      progress: ctx.progress !== false && ctx.output.progress !== false,
      draft: ctx.draft === true,
    },
    accepted,
    failed,
  );
  return bookFailed;
}
