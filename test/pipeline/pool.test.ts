/** One pathological sheet cannot take the build down: timeouts, crashes and memory blow-ups stay contained. */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SheetPool, type TimeLimitTimer } from "../../src/pipeline/pool.js";
import type { SheetJob } from "../../src/pipeline/process-sheet.js";
import { FIXTURES, tempDir } from "../helpers.js";

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

/** The pool's clock, run by hand: a time limit expires when the test says so, never because a machine is slow. */
class HandTimer implements TimeLimitTimer {
  private next = 0;
  readonly armed = new Map<number, () => void>();
  set(expire: () => void): number {
    this.next += 1;
    this.armed.set(this.next, expire);
    return this.next;
  }
  clear(handle: unknown): void {
    this.armed.delete(handle as number);
  }
  /** Expires the limits set so far, oldest first, or the one given. */
  expire(handle?: number): void {
    for (const [id, expire] of [...this.armed]) {
      if (handle !== undefined && id !== handle) continue;
      this.armed.delete(id);
      expire();
    }
  }
}

/** Waits for a worker to say it started a job (see pool-worker.mjs); bounded by the test's own limit only. */
async function started(gatePath: string): Promise<void> {
  while (!existsSync(`${gatePath}.started`)) await new Promise((resolve) => setTimeout(resolve, 5));
}

function open(gatePath: string): void {
  writeFileSync(`${gatePath}.open`, "");
}

function handPool(jobs: number, timer: HandTimer): SheetPool {
  return new SheetPool({
    jobs,
    timeoutMs: 5000,
    memoryMb: 64,
    workerFile: path.join(FIXTURES, "pool-worker.mjs"),
    timer,
  });
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
    const dir = tempDir();
    const timer = new HandTimer();
    const timed = handPool(2, timer);
    try {
      // As many at once as there are threads, so that neither waits in the queue.
      const waiting = timed.run(job(`gate:${dir}/waits`));
      const spinning = timed.run(job(`spin:${dir}/spins`));
      await started(`${dir}/waits`);
      await started(`${dir}/spins`);
      expect(timer.armed.size).toBe(2);
      timer.expire();
      const [slow, spin] = await Promise.all([waiting, spinning]);
      expect(slow.status).toBe("failed");
      expect(slow.diagnostics[0]?.code).toBe("timeout");
      expect(slow.diagnostics[0]?.message).toContain("制限時間(5秒)");
      expect(spin.status).toBe("failed");
      expect(spin.diagnostics[0]?.code).toBe("timeout");
      expect((await timed.run(job("ok"))).status).toBe("built");
      // A sheet done in time clears its limit: nothing is left to expire later.
      expect(timer.armed.size).toBe(0);
    } finally {
      await timed.close();
    }
  });

  it("starts a queued sheet's time limit once the sheet before it is done", async () => {
    const dir = tempDir();
    const timer = new HandTimer();
    const single = handPool(1, timer);
    try {
      // One worker: the second sheet waits in the queue behind the first, and its limit is not yet set.
      const first = single.run(job(`gate:${dir}/first`));
      const second = single.run(job(`gate:${dir}/second`), first);
      await started(`${dir}/first`);
      expect(timer.armed.size).toBe(1);
      open(`${dir}/first`);
      expect((await first).status).toBe("built");
      expect(timer.armed.size).toBe(1);
      await started(`${dir}/second`);
      open(`${dir}/second`);
      expect((await second).status).toBe("built");
      expect(timer.armed.size).toBe(0);

      // Without `after`, a queued sheet's limit runs while it waits: expired, it is stopped before it starts.
      const third = single.run(job(`gate:${dir}/third`));
      const fourth = single.run(job(`gate:${dir}/fourth`));
      await started(`${dir}/third`);
      expect(timer.armed.size).toBe(2);
      timer.expire(Math.max(...timer.armed.keys()));
      expect((await fourth).diagnostics[0]?.code).toBe("timeout");
      open(`${dir}/third`);
      expect((await third).status).toBe("built");
      expect(existsSync(`${dir}/fourth.started`)).toBe(false);
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
