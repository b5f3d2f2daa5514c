/**
 * An unchanged build is nearly free: it starts no worker and parses no sheet. Proven with a pool that counts
 * what it is asked (the build is handed it as `hyoka watch` hands its own), not with a clock.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type BuildOptions, runBuild } from "../../src/commands/build.js";
import type { SheetPool } from "../../src/pipeline/pool.js";
import { runCli, seedProject, seedVariant } from "../helpers.js";

function countingPool() {
  const asked: string[] = [];
  const pool = {
    run: async (job: { file: string }) => {
      asked.push(job.file);
      // A pool never rejects: what went wrong is the sheet's outcome.
      return { file: job.file, status: "failed", outputs: [], diagnostics: [], timings: {}, durationMs: 0 };
    },
    summary: async () => {
      asked.push("summary");
      throw new Error("no summary should be made");
    },
    close: async () => {},
  };
  return { pool: pool as unknown as SheetPool, asked };
}

function options(dir: string, pool: SheetPool, patterns = [path.join(dir, "data/**/*.json")]): BuildOptions {
  const lines: string[] = [];
  return {
    patterns,
    outDir: path.join(dir, "out"),
    lang: "en",
    force: false,
    timeoutMs: 60_000,
    memoryMb: 512,
    output: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    pool,
    handleSignals: false,
    progress: false,
  };
}

describe("an unchanged build", () => {
  it("asks no worker for anything, and keeps the year's summary it made", async () => {
    const dir = seedProject();
    seedVariant(dir, "72302001");
    expect(runCli(["build", "--lang", "en"], { cwd: dir }).status).toBe(0);
    const summaryBefore = readFileSync(path.join(dir, "out/2013/summary.xlsx"));

    const { pool, asked } = countingPool();
    expect(await runBuild(options(dir, pool))).toBe(0);
    expect(asked).toEqual([]);
    const report = JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8"));
    expect(report.counts).toMatchObject({ built: 0, skipped: 2, failed: 0 });
    expect(report.summaries.map((s: { path: string }) => s.path)).toEqual(["2013/summary.xlsx"]);
    expect(readFileSync(path.join(dir, "out/2013/summary.xlsx"))).toEqual(summaryBefore);
  });

  it("remakes a summary made from other sheets: its unchanged sheets go to the workers for their models", async () => {
    const dir = seedProject();
    seedVariant(dir, "72302001");
    expect(runCli(["build", "--lang", "en"], { cwd: dir }).status).toBe(0);
    // A build of one file makes the year's summary of that sheet alone.
    expect(runCli(["build", "data/2013/72302000.json", "--lang", "en"], { cwd: dir }).status).toBe(0);

    const { pool, asked } = countingPool();
    await runBuild(options(dir, pool));
    expect(asked.filter((a) => a !== "summary").sort()).toEqual(
      [path.join(dir, "data/2013/72302000.json"), path.join(dir, "data/2013/72302001.json")].sort(),
    );
    // And the real build then keeps the summary of both for the next unchanged one.
    expect(runCli(["build", "--lang", "en"], { cwd: dir }).status).toBe(0);
    const again = countingPool();
    expect(await runBuild(options(dir, again.pool))).toBe(0);
    expect(again.asked).toEqual([]);
  });

  it("asks a worker for a changed sheet only", async () => {
    const dir = seedProject();
    seedVariant(dir, "72302001");
    expect(runCli(["build", "--lang", "en"], { cwd: dir }).status).toBe(0);
    const file = path.join(dir, "data/2013/72302001.json");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"division": "', '"division": "新'));
    const { pool, asked } = countingPool();
    await runBuild({ ...options(dir, pool), summaries: false });
    expect(asked).toEqual([file]);
  });
});
