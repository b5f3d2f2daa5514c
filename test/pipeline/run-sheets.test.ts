/**
 * The build's schedule, with a stand-in pool and writer: a sheet's writes overlap its worker's next render, the
 * pool never gets more sheets than workers, rendered bytes waiting to be written stay bounded, and every sheet
 * started is finished before the schedule ends, interrupted or not.
 */
import { describe, expect, it } from "vitest";
import type { SheetOutcome, SheetResult } from "../../src/pipeline/process-sheet.js";
import { runSheets, type SheetSchedule } from "../../src/pipeline/run-sheets.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** A schedule that counts what is in flight; `renderMs` and `writeMs` say how long each step takes. */
function counting(renderMs: number, writeMs: number, stopAfter = Number.POSITIVE_INFINITY) {
  const state = {
    rendering: 0,
    maxRendering: 0,
    held: 0, // rendered, not yet written
    maxHeld: 0,
    writing: 0,
    overlaps: 0, // renders started while a write was in progress
    started: [] as string[],
    done: [] as string[],
  };
  const schedule: SheetSchedule = {
    render: async (file) => {
      state.started.push(file);
      if (state.writing > 0) state.overlaps++;
      state.maxRendering = Math.max(state.maxRendering, ++state.rendering);
      await sleep(renderMs);
      state.rendering--;
      state.maxHeld = Math.max(state.maxHeld, ++state.held);
      return rendered(file);
    },
    finish: async (outcome) => {
      state.writing++;
      await sleep(writeMs);
      state.writing--;
      state.held--;
      return built(outcome);
    },
    done: (result) => {
      state.done.push(result.file);
    },
    stopped: () => state.done.length >= stopAfter,
  };
  return { state, schedule };
}

const FILES = Array.from({ length: 12 }, (_, i) => `s${i}`);

describe("runSheets", () => {
  it("renders the next sheet while the last one's files are written", async () => {
    // One worker, so any overlap is of a sheet's write with the same worker's next render.
    const { state, schedule } = counting(10, 5);
    await runSheets(FILES, 1, schedule);
    expect(state.done).toEqual(FILES);
    expect(state.overlaps).toBe(FILES.length - 1);
    expect(state.maxRendering).toBe(1);
  });

  it("keeps the pool to one sheet per worker and the bytes waiting to 2 × jobs sheets on a slow disk", async () => {
    const { state, schedule } = counting(2, 25);
    await runSheets(FILES, 2, schedule);
    expect(state.done).toHaveLength(FILES.length);
    expect(state.maxRendering).toBeLessThanOrEqual(2);
    expect(state.maxHeld).toBeLessThanOrEqual(4);
    expect(state.maxHeld).toBeGreaterThan(2); // the bound is reached: writes were the bottleneck
  });

  it("with one worker: sheet 2 renders during sheet 1's write; sheet 3 waits for it", async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const firstWrite = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = runSheets(["a", "b", "c"], 1, {
      render: async (file) => {
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
    await sleep(20);
    expect(events).toEqual(["render a", "write a", "render b"]);
    release();
    await run;
    const at = (event: string) => events.indexOf(event);
    expect(events).toHaveLength(9);
    // c goes to the pool only once a's write is done (at most two sheets held), and after b came back.
    expect(at("render c")).toBeGreaterThan(at("written a"));
    expect(at("write b")).toBeGreaterThan(at("written a"));
    expect(at("write c")).toBeGreaterThan(at("written b"));
  });

  it("when stopped, starts nothing more and finishes every sheet it started before it ends", async () => {
    const { state, schedule } = counting(5, 15, 3);
    await runSheets(FILES, 2, schedule);
    expect(state.done.length).toBeGreaterThanOrEqual(3);
    expect(state.done.length).toBeLessThan(FILES.length);
    expect(state.done.sort()).toEqual([...state.started].sort());
    expect(state.writing).toBe(0);
  });
});
