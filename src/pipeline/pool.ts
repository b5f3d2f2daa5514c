/**
 * Sheets are rendered in worker threads (piscina): one per core by default, each with its fonts, templates and
 * schema loaded once. A worker that overruns the time limit, crashes or runs out of memory is ended and replaced;
 * only its sheet fails.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { diagnostic } from "../diagnostics.js";
import { CODE_EXT, PROJECT_ROOT } from "../paths.js";
import type { SheetJob, SheetResult } from "./process-sheet.js";

export interface PoolOptions {
  jobs: number;
  /** Per-sheet time limit. */
  timeoutMs: number;
  /** Heap limit of each worker. */
  memoryMb: number;
  /** The worker module; the build's own by default. */
  workerFile?: string;
}

/** The compiled worker: under the test runner (TypeScript sources) the one in dist/. */
function workerFile(): string {
  if (CODE_EXT === ".js") return fileURLToPath(new URL("./worker.js", import.meta.url));
  return path.join(PROJECT_ROOT, "dist/src/pipeline/worker.js");
}

export class SheetPool {
  private readonly pool: Piscina;

  constructor(private readonly options: PoolOptions) {
    this.pool = new Piscina({
      filename: options.workerFile ?? workerFile(),
      minThreads: options.jobs,
      maxThreads: options.jobs,
      idleTimeout: 60_000,
      atomics: "disabled",
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: 64 },
    });
  }

  async run(job: SheetJob): Promise<SheetResult> {
    const controller = new AbortController();
    const started = performance.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      return (await this.pool.run(job, { signal: controller.signal })) as SheetResult;
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
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
