/** The output folder's lock: one command at a time, a live owner waited for, a dead one's lock taken over. */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { acquireOutLock, LOCK_PATH, lockHeld, parseOwner, pidAlive } from "../../src/write/lock.js";
import { ROOT, tempDir } from "../helpers.js";

const made: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function outFolder(): string {
  const dir = tempDir("hyoka-lock-");
  made.push(dir);
  return dir;
}

/** A process that lives until the test ends. */
function liveProcess(): number {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  return child.pid as number;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid as number;
}

function writeLock(out: string, owner: Record<string, unknown> | string): string {
  const file = path.join(out, LOCK_PATH);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof owner === "string" ? owner : JSON.stringify(owner));
  return file;
}

describe("acquireOutLock", () => {
  it("creates the lock with this process's pid, host and start, and removes it on release", async () => {
    const out = outFolder();
    const lock = await acquireOutLock(out, { waitMs: 0 });
    expect(lock.ok).toBe(true);
    if (!lock.ok) return;
    expect(lock.file).toBe(path.join(out, ".hyoka/lock"));
    const owner = parseOwner(readFileSync(lock.file, "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Number.isNaN(Date.parse(owner?.started ?? ""))).toBe(false);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lock.release(); // a second release does nothing
  });

  it("stops a second command while the first holds the lock, and lets it in once released", async () => {
    const out = outFolder();
    const first = await acquireOutLock(out, { waitMs: 0 });
    const second = await acquireOutLock(out, { waitMs: 0, shown: "out" });
    expect(second.ok).toBe(false);
    if (second.ok || !first.ok) return;
    expect(second.code).toBe("busy");
    expect(second.message.ja).toContain(`出力先 out は別の hyoka が使用中です(プロセス ${process.pid}、`);
    expect(second.message.ja).toContain(`ロックファイル ${first.file} を削除してください`);
    expect(second.message.en).toContain(`in use by another hyoka (process ${process.pid} on ${hostname()}`);
    first.release();
    const third = await acquireOutLock(out, { waitMs: 0 });
    expect(third.ok).toBe(true);
    if (third.ok) third.release();
  });

  it("waits for the owner to let go, within the bound", async () => {
    const out = outFolder();
    const first = await acquireOutLock(out, { waitMs: 0 });
    if (!first.ok) throw new Error("not locked");
    const waits: number[] = [];
    // The owner lets go as soon as the second starts to wait: it takes the lock on its next look.
    const second = await acquireOutLock(out, {
      waitMs: 60_000,
      pollMs: 1,
      onWait: (owner, waitMs) => {
        waits.push(waitMs);
        expect(owner?.pid).toBe(process.pid);
        first.release();
      },
    });
    expect(waits).toEqual([60_000]);
    expect(second.ok).toBe(true);
    if (second.ok) second.release();
  });

  it("waits for a live owner (another process) up to the bound, then says who holds it", async () => {
    const out = outFolder();
    const pid = liveProcess();
    const file = writeLock(out, { pid, host: hostname(), started: new Date().toISOString() });
    const waited: unknown[] = [];
    const result = await acquireOutLock(out, { waitMs: 0, onWait: (owner) => waited.push(owner) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("busy");
    expect(result.message.en).toContain(`process ${pid} on ${hostname()}`);
    expect(waited).toEqual([]); // a bound of 0 does not wait
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(pid); // left alone
  });

  it("takes over the lock of a process that has ended", async () => {
    const out = outFolder();
    const file = writeLock(out, { pid: deadPid(), host: hostname(), started: new Date().toISOString() });
    const result = await acquireOutLock(out, { waitMs: 0 });
    expect(result.ok).toBe(true);
    expect(parseOwner(readFileSync(file, "utf8"))?.pid).toBe(process.pid);
    if (result.ok) result.release();
    expect(existsSync(file)).toBe(false);
  });

  it("takes over an old unreadable lock, waits for a fresh one", async () => {
    const out = outFolder();
    const file = writeLock(out, "");
    expect((await acquireOutLock(out, { waitMs: 0 })).ok).toBe(false);
    utimesSync(file, new Date("2020-01-01"), new Date("2020-01-01"));
    const result = await acquireOutLock(out, { waitMs: 0 });
    expect(result.ok).toBe(true);
    if (result.ok) result.release();
  });

  it("honours a lock from another host for a day, then takes it over", async () => {
    const out = outFolder();
    writeLock(out, { pid: 1, host: `not-${hostname()}`, started: new Date().toISOString() });
    expect((await acquireOutLock(out, { waitMs: 0 })).ok).toBe(false);
    writeLock(out, { pid: 1, host: `not-${hostname()}`, started: "2020-01-01T00:00:00.000Z" });
    const result = await acquireOutLock(out, { waitMs: 0 });
    expect(result.ok).toBe(true);
    if (result.ok) result.release();
  });

  it("does not remove a lock that is no longer its own", async () => {
    const out = outFolder();
    const lock = await acquireOutLock(out, { waitMs: 0 });
    if (!lock.ok) throw new Error("not locked");
    const other = JSON.stringify({ pid: 1, host: hostname(), started: new Date().toISOString() });
    writeFileSync(lock.file, other);
    lock.release();
    expect(readFileSync(lock.file, "utf8")).toBe(other);
  });

  it("is released when the process exits, by process.exit too (a second Ctrl-C)", () => {
    const out = outFolder();
    const url = pathToFileURL(path.join(ROOT, "dist/src/write/lock.js")).href;
    const script = `import(${JSON.stringify(url)}).then(async (m) => {
      const lock = await m.acquireOutLock(${JSON.stringify(out)}, { waitMs: 0 });
      if (!lock.ok) process.exit(3);
      process.stdout.write(require("node:fs").existsSync(lock.file) ? "held" : "missing");
      process.exit(130);
    });`;
    let status = 0;
    let stdout = "";
    try {
      stdout = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
    } catch (error) {
      status = (error as { status: number }).status;
      stdout = (error as { stdout: string }).stdout;
    }
    expect(status).toBe(130);
    expect(stdout).toBe("held");
    expect(existsSync(path.join(out, LOCK_PATH))).toBe(false);
  });

  it("says when the lock cannot be written", async () => {
    const out = outFolder();
    writeFileSync(path.join(out, ".hyoka"), "a file where the folder goes");
    const result = await acquireOutLock(out, { waitMs: 0, shown: "out" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("cannot-write");
    expect(result.message.ja).toMatch(/^出力先 out に書き込めません: /);
  });
});

describe("lockHeld", () => {
  it("holds for a live pid on this host, not for a dead one or garbage", () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(deadPid())).toBe(false);
    expect(pidAlive(0)).toBe(false);
    const now = Date.now();
    const started = new Date(now).toISOString();
    expect(lockHeld({ pid: process.pid, host: "h", started }, 0, "h", now)).toBe(true);
    expect(lockHeld({ pid: deadPid(), host: "h", started }, 0, "h", now)).toBe(false);
    expect(lockHeld(undefined, 60_000, "h", now)).toBe(false);
    expect(lockHeld({ pid: 1, host: "other", started: "garbage" }, 0, "h", now)).toBe(false);
    expect(parseOwner('{"pid": -1, "host": "h", "started": "x"}')).toBeUndefined();
  });

  it("does not hold for ever for another machine's lock dated in the future", () => {
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(lockHeld({ pid: 1, host: "other", started: at(60_000) }, 0, "h", now)).toBe(true);
    expect(lockHeld({ pid: 1, host: "other", started: "2999-01-01T00:00:00Z" }, 0, "h", now)).toBe(false);
    expect(lockHeld({ pid: 1, host: "other", started: at(-25 * 3600_000) }, 0, "h", now)).toBe(false);
  });
});
