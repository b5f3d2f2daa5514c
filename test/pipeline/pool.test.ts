/** One pathological sheet cannot take the build down: timeouts, crashes and memory blow-ups stay contained. */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SheetPool, type TimeLimitTimer } from "../../src/pipeline/pool.js";
import type { SheetJob } from "../../src/pipeline/process-sheet.js";
import { FIXTURES } from "../helpers.js";

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

/** A job that tells the test when it starts and waits until the test opens it (see pool-worker.mjs). */
interface GatedJob {
  job: SheetJob;
  /** [started, open], shared with the worker. */
  signal: Int32Array;
}

function gated(kind: "gate" | "spin", name: string): GatedJob {
  const memory = new SharedArrayBuffer(8);
  return { job: { ...job(`${kind}:${name}`), signal: memory } as SheetJob, signal: new Int32Array(memory) };
}

/** Waits for the worker to say it started the job: an event, bounded by the test's own limit only. */
async function started(gate: GatedJob): Promise<void> {
  while (Atomics.load(gate.signal, 0) === 0) await Atomics.waitAsync(gate.signal, 0, 0).value;
}

function open(gate: GatedJob): void {
  Atomics.store(gate.signal, 1, 1);
  Atomics.notify(gate.signal, 1);
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
    const timer = new HandTimer();
    const timed = handPool(2, timer);
    try {
      // As many at once as there are threads, so that neither waits in the queue.
      const waits = gated("gate", "waits");
      const spins = gated("spin", "spins");
      const waiting = timed.run(waits.job);
      const spinning = timed.run(spins.job);
      await started(waits);
      await started(spins);
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
    const timer = new HandTimer();
    const single = handPool(1, timer);
    try {
      // One worker: the second sheet waits in the queue behind the first, and its limit is not yet set.
      const [a, b, c, d] = (["first", "second", "third", "fourth"] as const).map((n) => gated("gate", n)) as [
        GatedJob,
        GatedJob,
        GatedJob,
        GatedJob,
      ];
      const first = single.run(a.job);
      const second = single.run(b.job, first);
      await started(a);
      expect(timer.armed.size).toBe(1);
      open(a);
      expect((await first).status).toBe("built");
      expect(timer.armed.size).toBe(1);
      await started(b);
      open(b);
      expect((await second).status).toBe("built");
      expect(timer.armed.size).toBe(0);

      // Without `after`, a queued sheet's limit runs while it waits: expired, it is stopped before it starts.
      const third = single.run(c.job);
      const fourth = single.run(d.job);
      await started(c);
      expect(timer.armed.size).toBe(2);
      timer.expire(Math.max(...timer.armed.keys()));
      expect((await fourth).diagnostics[0]?.code).toBe("timeout");
      open(c);
      expect((await third).status).toBe("built");
      expect(Atomics.load(d.signal, 0)).toBe(0);
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
