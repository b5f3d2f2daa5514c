/**
 * `npm run bench -- [--count N] [--jobs N] [--seed S] [--rounds R] [--keep]`: how fast `hyoka build` is, measured, never
 * judged (it exits 0 whatever the figures; it is not a test).
 *
 * Generates N sheets (scripts/gen-lib.ts, fixed seed) into a temporary folder and runs the compiled CLI on them
 * in a new process each time, as a person would:
 *
 *   cold          a fresh output folder: everything built
 *   warm          the same folder again: every sheet unchanged and skipped
 *   warm, forced  the same folder with --force: everything rebuilt
 *   start-up      --force on the first few sheets only, to separate the fixed cost of a run
 *   draft         the forced and start-up runs again with --draft: PDFs without PDF/A, tags or attached source,
 *                 to measure what archival, tagged output costs (README "Archival and accessible PDFs"). The
 *                 two kinds alternate over R rounds (ABBA: archival first in odd rounds, draft first in even
 *                 ones), so a machine that speeds up or slows down during the bench weighs on both alike; the
 *                 cost is given per round and as the median.
 *   watch         `hyoka watch` on the seed: from saving the file to its new PDF on disk, warm workers
 *
 * Every run is a new process, so each pays Node's start-up, module loading, the worker threads' start and
 * their first sheets (parsing the fonts' tables, the JIT warming up). "warm" means the output folder, not the
 * process. The CPU time of a run is that of the whole process (user + system, all threads), taken with
 * `process.resourceUsage()` when the child exits (a `--require` probe); so is its peak RSS. "Marginal CPU per
 * sheet" is (CPU of the forced run − CPU of the start-up run) ÷ (sheets between them): the cost of one more
 * sheet once a process is running, which is what the 50 ms target is about.
 *
 * Per-sheet times and the split by stage come from out/report.json (`durationMs`, `timingsMs`): wall-clock
 * time, not CPU time. A sheet is rendered in a worker and its files are then written by the main thread (the
 * `write` timing) while that worker already renders its next sheet: the write is part of a sheet's duration but
 * not of a worker's busy time, so the split by stage gives it apart, without a share of the workers' time.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_YEAR, generateSheets, writeSheets } from "./gen-lib.js";

const USAGE = `usage: npm run bench -- [--count N] [--jobs N] [--seed S] [--rounds R] [--pairs P] [--keep]

  --count N   sheets to generate and build (default 200)
  --jobs N    worker threads (default: the build's default, one per core)
  --seed S    generator seed (default 1)
  --rounds R  rounds of archival against --draft builds, alternating (default 3)
  --pairs P   rounds of archival and --draft builds side by side, at once, --jobs 1 each (default 3)
  --keep      keep the temporary folder and print where it is`;

const TARGET = {
  sheetsPerSecond: 40,
  wallSecondsFor200: 5,
  cpuMsPerSheet: 50,
  peakRssMb: 400,
  /** An unchanged build's wall time, as a share of a forced build's. */
  unchangedShare: 0.1,
  /** From saving a sheet to its new PDF on disk, with `hyoka watch`'s workers warm (median). */
  watchMs: 300,
};
/** Saves measured in the watch scenario, after the first few that warm the workers' JIT. */
const WATCH_SAVES = 15;
const WATCH_WARMUP = 3;
const SEED = fileURLToPath(new URL("../../data/2013/72302000.json", import.meta.url));
const STARTUP_SHEETS = 10;

const CLI = fileURLToPath(new URL("../src/cli.js", import.meta.url));

interface RunUsage {
  userMs: number;
  systemMs: number;
  maxRssMb: number;
}

interface RunResult {
  label: string;
  wallMs: number;
  exitCode: number | null;
  usage: RunUsage;
  report: Report;
}

interface ReportSheet {
  status: string;
  durationMs: number;
  timingsMs: Record<string, number>;
  outputs?: { path: string; bytes: number }[];
}

interface Report {
  seconds: number;
  counts: Record<string, number>;
  sheets: ReportSheet[];
}

const PROBE = `"use strict";
process.on("exit", () => {
  const u = process.resourceUsage();
  require("node:fs").writeFileSync(process.env.HYOKA_BENCH_USAGE, JSON.stringify({
    userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, maxRssMb: u.maxRSS / 1024,
  }));
});
`;

function runBuild(
  label: string,
  dir: string,
  dataDir: string,
  outDir: string,
  extra: string[],
): Promise<RunResult> {
  const usageFile = path.join(dir, `usage-${label.replace(/\W+/g, "-")}.json`);
  const probe = path.join(dir, "usage-probe.cjs");
  const args = ["--require", probe, CLI, "build", `${dataDir}/**/*.json`, "--out", outDir, ...extra];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, HYOKA_BENCH_USAGE: usageFile, CI: "1" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (exitCode) => {
      const wallMs = performance.now() - started;
      try {
        const usage = JSON.parse(readFileSync(usageFile, "utf8")) as RunUsage;
        const report = JSON.parse(readFileSync(path.join(outDir, "report.json"), "utf8")) as Report;
        resolve({ label, wallMs, exitCode, usage, report });
      } catch (error) {
        reject(
          new Error(`${label}: the build left no usage or report (exit ${exitCode}):\n${stderr}`, {
            cause: error,
          }),
        );
      }
    });
  });
}

/**
 * `hyoka watch` on a copy of the seed: each save changes one text, and the time is taken from just before the
 * write to the moment the PDF on disk has new bytes (seen through an event on its folder: the PDF is renamed
 * into place). The first saves warm the workers and are not counted.
 */
async function watchScenario(dir: string): Promise<number[]> {
  const root = path.join(dir, "watch");
  const dataDir = path.join(root, "data/2013");
  mkdirSync(dataDir, { recursive: true });
  const seed = readFileSync(SEED, "utf8");
  const file = path.join(dataDir, "72302000.json");
  writeFileSync(file, seed);
  const child = spawn(process.execPath, [CLI, "watch", "--port", "0", "--lang", "en"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "1" },
  });
  let said = "";
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        said += chunk.toString("utf8");
        if (said.includes("watching")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`hyoka watch ended (exit ${code}): ${said}`)));
    });
    const pdfDir = path.join(root, "out/2013");
    const pdf = path.join(pdfDir, "72302000.pdf");
    const digest = () => {
      try {
        return createHash("sha256").update(readFileSync(pdf)).digest("hex");
      } catch {
        return "";
      }
    };
    const times: number[] = [];
    for (let i = 0; i < WATCH_WARMUP + WATCH_SAVES; i++) {
      const before = digest();
      const changed = new Promise<number>((resolve, reject) => {
        const watcher = watch(pdfDir, () => {
          if (digest() === before) return;
          watcher.close();
          resolve(performance.now());
        });
        setTimeout(() => {
          watcher.close();
          reject(new Error("no new PDF within 30 s"));
        }, 30_000).unref();
      });
      const started = performance.now();
      writeFileSync(file, seed.replace('"division": "', `"division": "${i} `));
      const ms = (await changed) - started;
      if (i >= WATCH_WARMUP) times.push(ms);
    }
    return times;
  } finally {
    child.kill("SIGINT");
  }
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "–");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
/** A difference in per cent, as "x % more" or "x % less". */
const pctMore = (n: number) => (Number.isFinite(n) && n < 0 ? `${f1(-n)} % less` : `${f1(n)} % more`);

interface StageGroup {
  group: string;
  ms: number;
  /** Not on a worker's path (overlaps rendering): no share of the workers' time. */
  overlapped?: boolean;
}

const FILES_GROUP = "files (atomic write: main thread, overlaps rendering)";

/**
 * Report stages grouped as the targets speak of them; `pdf.*` keys (when present) break `pdf` down. The workers'
 * stages first, then the files, written on the main thread.
 */
function stageShares(sheets: readonly ReportSheet[]): StageGroup[] {
  const sum = (key: string) => sheets.reduce((s, r) => s + (r.timingsMs[key] ?? 0), 0);
  const split = sheets.some((r) => r.timingsMs["pdf.layout"] !== undefined);
  const groups: StageGroup[] = split
    ? [
        { group: "fonts (glyph check, fallback runs, subsetting)", ms: sum("glyphs") + sum("pdf.fonts") },
        { group: "layout (content, pdfmake measure + layout)", ms: sum("pdf.layout") },
        { group: "PDF writing (drawing, compression, output)", ms: sum("pdf.render") + sum("pdf.output") },
        { group: "XLSX", ms: sum("xlsx") },
        { group: "load, validate, model", ms: sum("load") + sum("validate") + sum("model") },
        { group: "renderers loaded (a worker's first sheet)", ms: sum("setup") },
      ]
    : [
        { group: "fonts (glyph check only; pdf not split)", ms: sum("glyphs") },
        { group: "pdf (layout + fonts + writing, one lump)", ms: sum("pdf") },
        { group: "XLSX", ms: sum("xlsx") },
        { group: "load, validate, model", ms: sum("load") + sum("validate") + sum("model") },
      ];
  // A sheet's duration is its time in a worker plus its write, so what no stage accounts for is in the worker.
  const accounted = groups.reduce((s, g) => s + g.ms, 0);
  const total = sheets.reduce((s, r) => s + r.durationMs, 0);
  const written = sum("write");
  groups.push({ group: "other (skip check, gaps)", ms: Math.max(0, total - written - accounted) });
  groups.push({ group: FILES_GROUP, ms: written, overlapped: true });
  return groups;
}

function printRun(r: RunResult, sheets: number, out: (line: string) => void): void {
  const cpuMs = r.usage.userMs + r.usage.systemMs;
  const built = r.report.sheets.filter((s) => s.status === "built");
  const durations = r.report.sheets.map((s) => s.durationMs).sort((a, b) => a - b);
  out(`\n${r.label}: ${JSON.stringify(r.report.counts)}, exit ${r.exitCode}`);
  out(
    `  wall                 ${f0(r.wallMs)} ms (process start to exit; the build itself says ${r.report.seconds} s)`,
  );
  out(`  sheets per second    ${f1((sheets / r.wallMs) * 1000)}`);
  out(
    `  ms per sheet         median ${f1(quantile(durations, 0.5))}, p95 ${f1(quantile(durations, 0.95))} (wall: rendering in a worker + writing on the main thread)`,
  );
  out(
    `  CPU                  ${f0(cpuMs)} ms (user ${f0(r.usage.userMs)} + sys ${f0(r.usage.systemMs)}), ${f1(cpuMs / sheets)} ms per sheet`,
  );
  out(`  peak RSS             ${f0(r.usage.maxRssMb)} MB`);
  if (built.length === 0) return;
  const shares = stageShares(built);
  const workers = shares.filter((g) => !g.overlapped).reduce((s, g) => s + g.ms, 0);
  out(`  time by stage (${built.length} built sheets; wall; % of the workers' time):`);
  for (const { group, ms, overlapped } of shares) {
    const share = overlapped ? "  n/a" : `${f1((100 * ms) / workers).padStart(5)}%`;
    out(
      `    ${group.padEnd(54)} ${f0(ms).padStart(7)} ms  ${f1(ms / built.length).padStart(6)} ms/sheet  ${share}`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: "string" },
      jobs: { type: "string" },
      seed: { type: "string" },
      rounds: { type: "string" },
      pairs: { type: "string" },
      keep: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const int = (raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min)
      throw new Error(`expected an integer ≥ ${min}, got "${raw}"`);
    return Number(raw);
  };
  const count = int(values.count, 200, 1);
  const seed = int(values.seed, 1, 0);
  const rounds = int(values.rounds, 3, 1);
  const pairs = int(values.pairs, 3, 0);
  const jobs = values.jobs === undefined ? undefined : int(values.jobs, 1, 1);
  const jobArgs = jobs === undefined ? [] : ["--jobs", String(jobs)];
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const dir = mkdtempSync(path.join(tmpdir(), "hyoka-bench-"));
  try {
    writeFileSync(path.join(dir, "usage-probe.cjs"), PROBE);
    const dataDir = path.join(dir, "data");
    const sheets = generateSheets({ count, seed, year: DEFAULT_YEAR, outDir: dataDir });
    writeSheets(dataDir, sheets);
    const startupCount = Math.min(STARTUP_SHEETS, Math.max(1, Math.floor(count / 2)));
    const startupDir = path.join(dir, "data-startup");
    writeSheets(startupDir, sheets.slice(0, startupCount));

    const cpu = cpus()[0]?.model ?? "?";
    out(
      `hyoka bench: ${count} generated sheets (seed ${seed}), jobs ${jobs ?? `default (${availableParallelism()} cores)`}, ` +
        `Node ${process.version}, ${availableParallelism()} × ${cpu}`,
    );
    out(
      "each run is a new process: start-up, worker start and the workers' first sheets are paid every time",
    );

    const outDir = path.join(dir, "out");
    const cold = await runBuild("cold (fresh output folder)", dir, dataDir, outDir, jobArgs);
    const warm = await runBuild("warm (unchanged, skipped)", dir, dataDir, outDir, jobArgs);
    const forced = await runBuild("warm, forced (--force, all rebuilt)", dir, dataDir, outDir, [
      ...jobArgs,
      "--force",
    ]);
    const startup = await runBuild(
      `start-up (--force, first ${startupCount} sheets)`,
      dir,
      startupDir,
      path.join(dir, "out-startup"),
      [...jobArgs, "--force"],
    );
    // The same two runs with --draft (archival and tagged output off), and both kinds again, alternating, so
    // that a machine whose speed drifts during the bench weighs on both alike.
    const archivalRuns: { forced: RunResult; startup: RunResult }[] = [{ forced, startup }];
    const draftRuns: { forced: RunResult; startup: RunResult }[] = [];
    const pair = async (draft: boolean, round: number) => {
      const flags = draft ? [...jobArgs, "--draft", "--force"] : [...jobArgs, "--force"];
      const kind = draft ? "draft" : "archival";
      const pairRuns = {
        forced: await runBuild(
          `${kind}, forced, round ${round} (${flags.join(" ")})`,
          dir,
          dataDir,
          path.join(dir, `out-${kind}`),
          flags,
        ),
        startup: await runBuild(
          `${kind} start-up, round ${round} (first ${startupCount} sheets)`,
          dir,
          startupDir,
          path.join(dir, `out-${kind}-startup`),
          flags,
        ),
      };
      (draft ? draftRuns : archivalRuns).push(pairRuns);
    };
    for (let round = 1; round <= rounds; round++) {
      // Round 1's archival runs are the forced and start-up runs above; then ABBA.
      const order = round % 2 === 1 ? [false, true] : [true, false];
      for (const draft of order) if (draft || round > 1) await pair(draft, round);
    }
    // The same comparison side by side: both kinds of build at once, one worker each, so that whatever the
    // machine does during the round (its speed here varies by ±10 % from one minute to the next, see README)
    // falls on both. A round's two figures are CPU times of two processes, each its own.
    const sideBySide: { archival: RunResult; draft: RunResult }[] = [];
    for (let round = 1; round <= pairs; round++) {
      const [archival, draft] = await Promise.all([
        runBuild(
          `side by side, archival, round ${round}`,
          dir,
          dataDir,
          path.join(dir, "out-pair-archival"),
          ["--jobs", "1", "--force"],
        ),
        runBuild(`side by side, draft, round ${round}`, dir, dataDir, path.join(dir, "out-pair-draft"), [
          "--jobs",
          "1",
          "--draft",
          "--force",
        ]),
      ]);
      sideBySide.push({ archival, draft });
    }
    const draftForced = draftRuns[0]?.forced as RunResult;
    const draftStartup = draftRuns[0]?.startup as RunResult;
    for (const r of [cold, warm, forced]) printRun(r, count, out);
    printRun(startup, startupCount, out);
    printRun(draftForced, count, out);
    printRun(draftStartup, startupCount, out);
    const saves = (await watchScenario(dir)).sort((a, b) => a - b);
    out(`\nwatch (hyoka watch on the seed, ${saves.length} saves after ${WATCH_WARMUP} to warm up):`);
    out(
      `  save → new PDF on disk   median ${f0(quantile(saves, 0.5))} ms, p90 ${f0(quantile(saves, 0.9))} ms, ` +
        `min ${f0(saves[0] ?? Number.NaN)}, max ${f0(saves[saves.length - 1] ?? Number.NaN)}`,
    );

    const cpuOf = (r: RunResult) => r.usage.userMs + r.usage.systemMs;
    const marginal =
      count > startupCount ? (cpuOf(forced) - cpuOf(startup)) / (count - startupCount) : Number.NaN;
    const draftMarginal =
      count > startupCount ? (cpuOf(draftForced) - cpuOf(draftStartup)) / (count - startupCount) : Number.NaN;
    const pdfBytes = (r: RunResult) =>
      r.report.sheets.flatMap((s) => s.outputs ?? []).filter((o) => o.path.endsWith(".pdf"));
    const meanPdf = (r: RunResult) => {
      const pdfs = pdfBytes(r);
      return pdfs.reduce((n, o) => n + o.bytes, 0) / Math.max(1, pdfs.length);
    };
    const pdfMs = (r: RunResult) => {
      const built = r.report.sheets.filter((x) => x.status === "built");
      return built.reduce((n, x) => n + (x.timingsMs.pdf ?? 0), 0) / Math.max(1, built.length);
    };
    out(`\narchival and tagged (the default) against --draft (forced runs, ${rounds} alternating rounds):`);
    const marginalOf = (r: { forced: RunResult; startup: RunResult }) =>
      count > startupCount ? (cpuOf(r.forced) - cpuOf(r.startup)) / (count - startupCount) : Number.NaN;
    type Pair = { forced: RunResult; startup: RunResult };
    // Two measures of a sheet's CPU: the whole forced run's ÷ its sheets (start-up included, shared by both
    // kinds), and the marginal one (forced − start-up): the latter is the difference of two whole-process
    // figures, so its noise is theirs together.
    const wholeOf = (r: Pair) => cpuOf(r.forced) / count;
    const more = (a: number, b: number) => (100 * (a - b)) / b;
    const rows = archivalRuns.flatMap((a, i) => {
      const d = draftRuns[i];
      return d
        ? [{ whole: more(wholeOf(a), wholeOf(d)), marginal: more(marginalOf(a), marginalOf(d)), a, d }]
        : [];
    });
    for (const [i, r] of rows.entries())
      out(
        `  round ${i + 1}: CPU per sheet ${f1(wholeOf(r.a))} against ${f1(wholeOf(r.d))} ms (${pctMore(r.whole)}); ` +
          `marginal ${f1(marginalOf(r.a))} against ${f1(marginalOf(r.d))} ms (${pctMore(r.marginal)})`,
      );
    // The middle value, or the mean of the two middle ones.
    const median = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      const mid = sorted.length >> 1;
      return sorted.length % 2
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    };
    const medianWhole = median(rows.map((r) => r.whole));
    const medianMarginal = median(rows.map((r) => r.marginal));
    out(
      `  median over the rounds   ${pctMore(medianWhole)} CPU per sheet, ${pctMore(medianMarginal)} marginal ` +
        `(target ≤ 15 %): ${verdict(medianWhole <= 15)} per sheet, ${verdict(medianMarginal <= 15)} marginal`,
    );
    out(`  first round              ${f1(marginal)} ms against ${f1(draftMarginal)} ms`);
    let sideMedian = Number.NaN;
    if (sideBySide.length > 0) {
      out(`  side by side (both at once, --jobs 1 each, ${sideBySide.length} rounds):`);
      const extras = sideBySide.map(({ archival, draft }, i) => {
        const a = cpuOf(archival) / count;
        const d = cpuOf(draft) / count;
        out(`    round ${i + 1}: CPU per sheet ${f1(a)} against ${f1(d)} ms (${pctMore(more(a, d))})`);
        return more(a, d);
      });
      sideMedian = median(extras);
      out(
        `    median                 ${pctMore(sideMedian)} CPU per sheet (target ≤ 15 %): ${verdict(sideMedian <= 15)}`,
      );
    }
    out(
      `  pdf stage per sheet      ${f1(pdfMs(forced))} ms against ${f1(pdfMs(draftForced))} ms (wall, in the workers)`,
    );
    out(
      `  mean PDF size            ${f0(meanPdf(forced) / 1024)} kB against ${f0(meanPdf(draftForced) / 1024)} kB`,
    );
    const peak = Math.max(cold.usage.maxRssMb, warm.usage.maxRssMb, forced.usage.maxRssMb);
    const coldRate = (count / cold.wallMs) * 1000;
    out("\ntargets (for 200 sheets):");
    out(
      `  wall ≤ ${TARGET.wallSecondsFor200} s (${TARGET.sheetsPerSecond} sheets/s)   cold ${f1(coldRate)} sheets/s (${f1(cold.wallMs / 1000)} s), ` +
        `forced ${f1((count / forced.wallMs) * 1000)} sheets/s (${f1(forced.wallMs / 1000)} s): ` +
        `${verdict(coldRate >= TARGET.sheetsPerSecond)} cold, ${verdict((count / forced.wallMs) * 1000 >= TARGET.sheetsPerSecond)} forced`,
    );
    out(
      `  CPU ≤ ${TARGET.cpuMsPerSheet} ms per sheet once warm   marginal ${f1(marginal)} ms/sheet ` +
        `(forced run overall ${f1(cpuOf(forced) / count)} ms/sheet with start-up): ${verdict(marginal <= TARGET.cpuMsPerSheet)}`,
    );
    const share = warm.wallMs / forced.wallMs;
    out(
      `  unchanged ≤ ${TARGET.unchangedShare * 100} % of forced   ${f0(warm.wallMs)} ms vs ${f0(forced.wallMs)} ms ` +
        `(${f1(share * 100)} %): ${verdict(share <= TARGET.unchangedShare)}`,
    );
    const watchMedian = quantile(saves, 0.5);
    out(
      `  watch ≤ ${TARGET.watchMs} ms (save → PDF, median, warm)   ${f0(watchMedian)} ms: ${verdict(watchMedian <= TARGET.watchMs)}`,
    );
    out(
      `  peak RSS < ${TARGET.peakRssMb} MB   ${f0(peak)} MB (highest of the three runs): ${verdict(peak < TARGET.peakRssMb)}`,
    );
    out(
      `  archival ≤ 15 % more CPU per sheet than --draft   alternating ${f1(medianWhole)} %, side by side ${f1(sideMedian)} % (medians): ` +
        `${verdict(medianWhole <= 15)} alternating, ${verdict(sideMedian <= 15)} side by side`,
    );
    if (values.keep) out(`\nkept: ${dir}`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  // A measurement, not a test: even a failed run exits 0 (the message says what went wrong).
});
