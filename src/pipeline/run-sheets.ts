/**
 * The build's schedule: sheets rendered in the worker pool and their files written on this (the main) thread,
 * a sheet's writes overlapping its worker's next sheet.
 *
 * There is one runner per worker. Each keeps its next sheet waiting in the pool's queue while its current one
 * renders, so a worker that finishes a sheet takes the next from the queue at once instead of waiting for this
 * thread to hand one over: measured, those waits came to a quarter of a second per worker in a 200-sheet build
 * (2.5 ms a sheet: the result's way back, this thread's turn on a busy machine, the next sheet's way out). The
 * waiting sheet's time limit starts only when the runner's current sheet is done (see pool.ts), so time spent in
 * the queue never counts against it.
 *
 * When a runner's sheet comes back rendered, the runner starts writing it and queues its next sheet; it waits
 * for that write only when the following sheet comes back, before starting the next write. So a worker waits for
 * the disk only when a write takes longer than a render, and a runner holds at most three sheets' files (one
 * being written, one rendered and waiting for that write, one that came back meanwhile): the bytes waiting to be
 * written never exceed 3 × `jobs` sheets, however slow the disk.
 */
import type { SheetOutcome, SheetResult } from "./process-sheet.js";

export interface SheetSchedule {
  /**
   * Renders a sheet in a worker. Never rejects: a failure is the outcome. `after`: the sheet the runner had in
   * the pool before this one; this one waits in the pool's queue until a worker is free, and its time limit
   * starts once `after` is done.
   */
  render(file: string, after?: Promise<unknown>): Promise<SheetOutcome>;
  /** Makes a worker's outcome final on this thread (writes a rendered sheet's files). Never rejects. */
  finish(outcome: SheetOutcome): Promise<SheetResult>;
  /** Each sheet's result, as soon as it is final. */
  done(result: SheetResult): void;
  /**
   * True once the build is interrupted: no further sheet is given to the pool; those given (rendering or queued:
   * at most two per runner) are finished.
   */
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
    const next = (after?: Promise<unknown>): Promise<SheetOutcome> | undefined => {
      if (schedule.stopped()) return undefined;
      const file = queue.shift();
      return file === undefined ? undefined : schedule.render(file, after);
    };
    let current = next();
    try {
      while (current) {
        const upcoming = next(current);
        const outcome = await current;
        await writing;
        writing = schedule.finish(outcome).then((result) => schedule.done(result));
        // Awaited on the next turn or below; until then a failure must not count as unhandled.
        writing.catch(() => {});
        current = upcoming;
      }
    } finally {
      // Out of sheets, interrupted, or failed: the write in progress finishes before the runner does. (A sheet
      // still queued is awaited by the loop, which only a bug in `finish` could leave.)
      await writing;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, runner));
}
