/**
 * Sheets are rendered in worker threads (piscina): one per core by default, each with its fonts, templates and
 * schema loaded once. A worker that overruns the time limit, crashes or runs out of memory is ended and replaced;
 * only its sheet fails. The time limit is the rendering's: a rendered sheet's files are written afterwards, on
 * the main thread (./write-outputs.ts).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { Piscina } from "piscina";
import { diagnostic } from "../diagnostics.js";
import { CODE_EXT, PROJECT_ROOT } from "../paths.js";
import type { FontFiles } from "../render-pdf/font-config.js";
import type { SheetJob, SheetOutcome } from "./process-sheet.js";
import type { SummaryTask } from "./worker.js";

export interface PoolOptions {
  jobs: number;
  /** Per-sheet time limit. */
  timeoutMs: number;
  /** Heap limit of each worker. */
  memoryMb: number;
  /** The worker module; the build's own by default. */
  workerFile?: string;
  /** Load the renderers as each worker starts, not with its first sheet to render (see worker.ts). */
  preload?: boolean;
  /** The font files, read once and shared by the workers (render-pdf/fonts.ts `readFontFiles`). */
  fontFiles?: FontFiles;
  /** The clock for the time limit; the real one by default. Tests pass one they run by hand. */
  timer?: TimeLimitTimer;
}

/** What the pool needs of a clock: a time limit set, and cleared when the sheet is done first. */
export interface TimeLimitTimer {
  set(expire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMER: TimeLimitTimer = {
  set: (expire, ms) => setTimeout(expire, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The compiled worker: under the test runner (TypeScript sources) the one in dist/. */
function workerFile(): string {
  if (CODE_EXT === ".js") return fileURLToPath(new URL("./worker.js", import.meta.url));
  return path.join(PROJECT_ROOT, "dist/src/pipeline/worker.js");
}

/**
 * How much V8 lets a heap grow after a full collection before the next one: 50 % (1.5 times the live size).
 *
 * A worker's heap has a limit (`memoryMb`, 512 MB by default: a runaway sheet fails alone instead of taking the
 * machine). V8 derives its growing factor from that limit, and for a limit under 2 GB it grows a heap by
 * about 1.1–1.4 times its live size: with a small young generation a worker ran a full (mark-compact)
 * collection every one or two sheets, 118 for 200 sheets, and the collector's threads used as much CPU as the
 * rendering itself (one worker: 20.4 s of user CPU for 200 sheets; 13.3 s with 100 %). With the large young
 * generation below, few objects reach the old generation, and 50 % costs no more CPU than 100 % while keeping
 * the peak RSS under 400 MB (measured, 200 sheets, `--force`: 100 % 4.6–4.9 s wall, 400–417 MB; 80 % 400 MB;
 * 65 % 402 MB; 50 % 4.8–5.0 s, 383–388 MB; 25 % 5.5–5.7 s). The limit stays as it was; only the steps by which
 * the heap approaches it change. The setting is V8's own `--heap-growing-percent`, which applies to the whole
 * process (there is no per-worker one), and is read at each collection, so it takes effect for workers started
 * after it is set.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * How much bytecode a function runs before V8 considers optimising it (`--interrupt-budget`; V8's default in
 * Node 20 is 66 KB). Every worker warms up its own JIT: with the default, V8 optimised (and re-optimised) many
 * functions during the first sheets that were not worth it, and its compiler threads were a large share of a
 * build's CPU. Measured, 200 sheets with `--force`, two workers: user CPU 13.0–13.6 s with the default,
 * 10.9–11.9 s with 300–600 KB, 11.7 s with 1.2 MB (optimising too late); the same outputs, byte for byte (the
 * JIT does not change what code computes). Like the heap setting it is process-wide and read when a function's
 * budget is set, so it applies to the workers started after it.
 */
const INTERRUPT_BUDGET = 450 * 1024;

/**
 * How much bytecode V8's optimising compiler inlines into one function, in all (`--max-inlined-bytecode-size-
 * cumulative`; 920 in Node 20). Each worker compiles its own optimised code, on threads beside the rendering:
 * some 1.1 s of CPU in a 200-sheet build (measured with `--no-opt`, the compilers' threads used 1 s less). Less
 * inlining compiles less and, for a build of a few seconds, the code is hardly slower. Measured, 200 sheets with
 * `--force`, three rounds of 4–5 runs each, median wall: 920 (default) 5.31, 5.24, 5.02 s; 300 4.88, 5.00,
 * 5.00 s (user + system CPU 0.0–0.8 s less); 150–450 alike; no inlining at all 5.05–5.12 s. The same outputs.
 */
const MAX_INLINED_BYTECODE_CUMULATIVE = 300;
let flagsSet = false;

function setV8Flags(): void {
  if (flagsSet) return;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${MAX_INLINED_BYTECODE_CUMULATIVE}`);
  // A collection on demand, for a worker about to make a summary (worker.ts): `gc` on the global object of the
  // isolates started after this (the workers); nothing the data can reach.
  v8.setFlagsFromString("--expose-gc");
  flagsSet = true;
}

export class SheetPool {
  private readonly pool: Piscina;

  constructor(private readonly options: PoolOptions) {
    setV8Flags();
    this.pool = new Piscina({
      filename: options.workerFile ?? workerFile(),
      minThreads: options.jobs,
      maxThreads: options.jobs,
      idleTimeout: 60_000,
      atomics: "disabled",
      // A young generation of 96 MB (32 MB semi-spaces). A sheet allocates some tens of MB, much of it alive
      // until its PDF is written, so each scavenge of a small young generation copied megabytes: with 24 MB the
      // workers spent 12 % of their time in the collector. V8 rounds a semi-space up to a power of two, so 48
      // (16 MB) and 96 are the steps. Measured, 200 sheets with `--force`, two workers sharing the font files,
      // median wall, user + system CPU and peak RSS: 48 MB 5.1–5.4 s, 9.6–10.0 s, 353–368 MB; 96 MB (with the
      // heap growth above) 4.8–5.0 s, 9.0–9.5 s, 383–388 MB.
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: 96 },
      workerData: { preload: options.preload ?? false, fontFiles: options.fontFiles },
    });
  }

  /**
   * One sheet in a worker: rendered (files still to write), skipped, or failed (the pool's own failures too).
   * `after`: see run-sheets.ts; the time limit starts when it is done.
   */
  async run(job: SheetJob, after?: Promise<unknown>): Promise<SheetOutcome> {
    const controller = new AbortController();
    const started = performance.now();
    let timedOut = false;
    const clock = this.options.timer ?? REAL_TIMER;
    let timer: unknown;
    let settled = false;
    // The time limit starts once `after` (the sheet before it, see run-sheets.ts) is done: until then this one
    // may wait in the queue. It may then start a little earlier, on another worker, and get a little more time;
    // it is never stopped for time it spent waiting.
    const arm = () => {
      if (settled) return;
      timer = clock.set(() => {
        timedOut = true;
        controller.abort();
      }, this.options.timeoutMs);
    };
    if (after) after.then(arm, arm);
    else arm();
    try {
      return (await this.pool.run(job, { signal: controller.signal })) as SheetOutcome;
    } catch (error) {
      const seconds = Math.round(this.options.timeoutMs / 100) / 10;
      const detail = error instanceof Error ? error.message : String(error);
      const outOfMemory = /memory|ERR_WORKER_OUT_OF_MEMORY/i.test(detail);
      return {
        file: job.file,
        status: "failed",
        outputs: [],
        timings: {},
        durationMs: performance.now() - started,
        diagnostics: [
          diagnostic(job.lang, {
            code: timedOut ? "timeout" : outOfMemory ? "out-of-memory" : "worker-crashed",
            file: job.file,
            message: timedOut
              ? {
                  ja: `制限時間(${seconds}秒)を超えたため中止しました`,
                  en: `stopped: over the time limit of ${seconds} s`,
                }
              : outOfMemory
                ? {
                    ja: `メモリの上限(${this.options.memoryMb} MB)を超えたため中止しました`,
                    en: `stopped: over the memory limit of ${this.options.memoryMb} MB`,
                  }
                : { ja: `処理中に異常終了しました: ${detail}`, en: `the worker crashed: ${detail}` },
          }),
        ],
      };
    } finally {
      settled = true;
      if (timer !== undefined) clock.clear(timer);
    }
  }

  /** A year's summary workbook, made in a worker (worker.ts `summary`), under the same time limit as a sheet. */
  async summary(task: SummaryTask): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    return (await this.pool.run(task, { name: "summary", signal })) as Uint8Array;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
