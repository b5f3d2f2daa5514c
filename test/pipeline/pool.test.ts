/** One pathological sheet cannot take the build down: timeouts, crashes and memory blow-ups stay contained. */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SheetPool } from "../../src/pipeline/pool.js";
import type { SheetJob } from "../../src/pipeline/process-sheet.js";
import { FIXTURES } from "../helpers.js";

// Time limits are what this file tests, so it cannot do without the clock: its margins are seconds wide, far
// more than a loaded machine adds to a job that sleeps or spins.
const pool = new SheetPool({
  jobs: 2,
  timeoutMs: 5000,
  memoryMb: 64,
  workerFile: path.join(FIXTURES, "pool-worker.mjs"),
});
afterAll(() => pool.close());

function job(file: string): SheetJob {
  return { file, outDir: "", lang: "ja", force: false, environment: "", version: "", wantModel: false };
}

describe("SheetPool", () => {
  it("runs ordinary jobs", async () => {
    expect((await pool.run(job("ok"))).status).toBe("built");
  });

  it("brings a rendered sheet's files back whole (moved from the worker)", async () => {
    const r = await pool.run(job("rendered"));
    if (r.status !== "rendered") throw new Error(`expected a rendered sheet, got ${r.status}`);
    expect(r.files.map((f) => f.relPath)).toEqual(["2013/a.pdf", "2013/a.xlsx"]);
    expect(r.files[0]?.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(r.files[0]?.bytes ?? []).equals(Buffer.alloc(300_000, 0x25))).toBe(true);
    expect(Buffer.from(r.files[1]?.bytes ?? []).toString()).toBe("PK small, in Node's shared pool");
    expect(r.pages).toBe(2);
  });

  it("stops a sheet over its time limit, even one that never yields, and goes on", async () => {
    // As many at once as there are threads, so that neither waits in the queue.
    const [slow, spin] = await Promise.all([pool.run(job("slow")), pool.run(job("spin"))]);
    expect(slow.status).toBe("failed");
    expect(slow.diagnostics[0]?.code).toBe("timeout");
    expect(slow.diagnostics[0]?.message).toContain("制限時間");
    expect(spin.diagnostics[0]?.code).toBe("timeout");
    expect((await pool.run(job("ok"))).status).toBe("built");
  });

  it("starts a queued sheet's time limit once the sheet before it is done", async () => {
    // One worker, 5 s a sheet: two sheets of 3 s each, the second queued behind the first.
    const single = new SheetPool({
      jobs: 1,
      timeoutMs: 5000,
      memoryMb: 64,
      workerFile: path.join(FIXTURES, "pool-worker.mjs"),
    });
    try {
      const first = single.run(job("sleep:3000"));
      const second = single.run(job("sleep:3000"), first);
      expect((await first).status).toBe("built");
      expect((await second).status).toBe("built");
      // Timed from the moment it was queued, the same sheet is stopped: it waited 3 s, then ran 3 s.
      const third = single.run(job("sleep:3000"));
      const fourth = single.run(job("sleep:3000"));
      expect((await third).status).toBe("built");
      expect((await fourth).diagnostics[0]?.code).toBe("timeout");
    } finally {
      await single.close();
    }
  });

  it("contains a crash, an exception and a rejected promise", async () => {
    for (const name of ["crash", "throw", "reject"]) {
      const r = await pool.run(job(name));
      expect(r.status, name).toBe("failed");
      expect(r.diagnostics[0]?.file).toBe(name);
    }
    expect((await pool.run(job("ok"))).status).toBe("built");
  });

  it("contains a worker that runs out of memory", async () => {
    const r = await pool.run(job("oom"));
    expect(r.status).toBe("failed");
    expect(["out-of-memory", "worker-crashed"]).toContain(r.diagnostics[0]?.code);
    expect((await pool.run(job("ok"))).status).toBe("built");
  });
});
