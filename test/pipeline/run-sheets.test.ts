/**
 * The build's schedule, with a stand-in pool and writer: a sheet's writes overlap its worker's next render, a
 * runner's next sheet waits (as in the pool's queue) for its current one, no more sheets render at once than
 * there are workers, rendered bytes waiting to be written stay bounded, and every sheet given to the pool is
 * finished before the schedule ends, interrupted or not.
 */
import { describe, expect, it } from "vitest";
import type { SheetOutcome, SheetResult } from "../../src/pipeline/process-sheet.js";
import { runSheets, type SheetSchedule } from "../../src/pipeline/run-sheets.js";

/**
 * Time in this test is the event loop's turns, not the clock: a step "takes" some turns, and `now` counts them.
 * The same code then runs the same way on a fast machine and a loaded one (no test may depend on timing).
 */
let now = 0;
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    now++;
  }
}

function rendered(file: string): SheetOutcome {
  return {
    file,
    status: "rendered",
    files: [{ relPath: `${file}.pdf`, bytes: new Uint8Array(1) }],
    outputs: [],
    pages: 1,
    diagnostics: [],
    timings: {},
    durationMs: 1,
  };
}

function built(outcome: SheetOutcome): SheetResult {
  return { ...outcome, status: "built", outputs: [], timings: {}, durationMs: 1 } as SheetResult;
}

/**
 * A schedule that counts what is in flight; `renderMs` and `writeMs` say how many turns each step takes. A sheet
 * given with `after` waits for it, as a sheet waits in the pool's queue for a free worker.
 */
function counting(renderMs: number, writeMs: number, stopAfter = Number.POSITIVE_INFINITY) {
  const state = {
    rendering: 0,
    maxRendering: 0,
    held: 0, // rendered, not yet written
    maxHeld: 0,
    writing: 0,
    renders: [] as [number, number][],
    writes: [] as [number, number][],
    started: [] as string[],
    done: [] as string[],
  };
  const schedule: SheetSchedule = {
    render: async (file, after) => {
      state.started.push(file);
      await after;
      const start = now;
      state.maxRendering = Math.max(state.maxRendering, ++state.rendering);
      await turns(renderMs);
      state.rendering--;
      state.renders.push([start, now]);
      state.maxHeld = Math.max(state.maxHeld, ++state.held);
      return rendered(file);
    },
    finish: async (outcome) => {
      const start = now;
      state.writing++;
      await turns(writeMs);
      state.writing--;
      state.held--;
      state.writes.push([start, now]);
      return built(outcome);
    },
    done: (result) => {
      state.done.push(result.file);
    },
    stopped: () => state.done.length >= stopAfter,
  };
  return { state, schedule };
}

/** Renders that ran (in part) while a write was in progress. */
function overlapping(state: ReturnType<typeof counting>["state"]): number {
  return state.renders.filter(([rs, re]) => state.writes.some(([ws, we]) => rs < we && ws < re)).length;
}

const FILES = Array.from({ length: 12 }, (_, i) => `s${i}`);

describe("runSheets", () => {
  it("renders the next sheet while the last one's files are written", async () => {
    // One worker, so any overlap is of a sheet's write with the same worker's next render.
    const { state, schedule } = counting(10, 5);
    await runSheets(FILES, 1, schedule);
    expect(state.done).toEqual(FILES);
    expect(overlapping(state)).toBe(FILES.length - 1);
    expect(state.maxRendering).toBe(1);
  });

  it("renders no more sheets at once than workers, and holds at most 3 × jobs sheets on a slow disk", async () => {
    const { state, schedule } = counting(2, 25);
    await runSheets(FILES, 2, schedule);
    expect(state.done).toHaveLength(FILES.length);
    expect(state.maxRendering).toBeLessThanOrEqual(2);
    expect(state.maxHeld).toBeLessThanOrEqual(6);
    expect(state.maxHeld).toBeGreaterThan(2); // the bound is reached: writes were the bottleneck
  });

  it("queues each runner's next sheet behind its current one; writes one at a time, in order", async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const firstWrite = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = runSheets(["a", "b", "c", "d"], 1, {
      render: async (file, after) => {
        events.push(`queue ${file}`);
        await after;
        events.push(`render ${file}`);
        return rendered(file);
      },
      finish: async (outcome) => {
        events.push(`write ${outcome.file}`);
        if (outcome.file === "a") await firstWrite;
        events.push(`written ${outcome.file}`);
        return built(outcome);
      },
      done: () => {},
      stopped: () => false,
    });
    await turns(50);
    const at = (event: string) => events.indexOf(event);
    // While a's write hangs: b was queued behind a and rendered; c was queued behind b and rendered too; d is
    // not given to the pool (the runner holds a, b and c).
    expect(at("queue b")).toBeLessThan(at("render a"));
    expect(at("render b")).toBeGreaterThan(at("render a"));
    expect(at("render c")).toBeGreaterThan(at("render b"));
    expect(at("write b")).toBe(-1);
    expect(at("queue d")).toBe(-1);
    release();
    await run;
    expect(events).toHaveLength(16);
    expect(at("write b")).toBeGreaterThan(at("written a"));
    expect(at("write c")).toBeGreaterThan(at("written b"));
    expect(at("queue d")).toBeGreaterThan(at("written a"));
  });

  it("when stopped, gives the pool nothing more and finishes every sheet it gave before it ends", async () => {
    const { state, schedule } = counting(5, 15, 3);
    await runSheets(FILES, 2, schedule);
    expect(state.done.length).toBeGreaterThanOrEqual(3);
    expect(state.done.length).toBeLessThan(FILES.length);
    expect(state.done.sort()).toEqual([...state.started].sort());
    expect(state.writing).toBe(0);
  });
});
