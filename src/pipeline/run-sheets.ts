/**
 * The build's schedule: sheets rendered in the worker pool and their files written on this (the main) thread,
 * a sheet's writes overlapping its worker's next sheet.
 *
 * There is one runner per worker, and each has one sheet in the pool at a time: the pool never queues, so its
 * time limit times rendering only. When a runner's sheet comes back rendered, the runner starts writing it and
 * at once hands the pool its next sheet; it waits for that write only when the next sheet comes back, before
 * starting the next write and handing over another sheet. So a worker waits for the disk only when a write
 * takes longer than a render, and a runner holds at most two sheets' files (one being written, one rendered and
 * waiting for that write): the bytes waiting to be written never exceed 2 × `jobs` sheets, however slow the disk.
 */
import type { SheetOutcome, SheetResult } from "./process-sheet.js";

export interface SheetSchedule {
  /** Renders a sheet in a worker. Never rejects: a failure is the outcome. */
  render(file: string): Promise<SheetOutcome>;
  /** Makes a worker's outcome final on this thread (writes a rendered sheet's files). Never rejects. */
  finish(outcome: SheetOutcome): Promise<SheetResult>;
  /** Each sheet's result, as soon as it is final. */
  done(result: SheetResult): void;
  /** True once the build is interrupted: no further sheet is started; those started are finished. */
  stopped(): boolean;
}

/**
 * Renders and finishes `files` with `jobs` runners. Resolves when every sheet started has been finished (its
 * files written) and given to `done`: at the end of the files, or once `stopped()` says so.
 */
export async function runSheets(
  files: readonly string[],
  jobs: number,
  schedule: SheetSchedule,
): Promise<void> {
  const queue = [...files];
  const runner = async (): Promise<void> => {
    let writing: Promise<void> = Promise.resolve();
    try {
      while (!schedule.stopped()) {
        const file = queue.shift();
        if (file === undefined) break;
        const outcome = await schedule.render(file);
        await writing;
        writing = schedule.finish(outcome).then((result) => schedule.done(result));
        // Awaited on the next turn or below; until then a failure must not count as unhandled.
        writing.catch(() => {});
      }
    } finally {
      // Out of sheets, interrupted, or failed: the write in progress finishes before the runner does.
      await writing;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, runner));
}
