/**
 * One hyoka at a time in an output folder: `<out>/.hyoka/lock`, holding `{ pid, host, started }` of the process
 * that writes there. A second build, summary or book into the same folder waits a bounded time for it, then
 * stops with a message that names the owner and the lock file.
 *
 * The lock file appears whole: it is written under a temporary name and hard-linked into place, which fails if
 * a lock is there already, so no one ever reads a half-written lock. A lock whose owner is gone is taken over:
 *   - same host, and `process.kill(pid, 0)` says the process does not exist (EPERM means it does);
 *   - another host (a shared folder), and it is older than {@link FOREIGN_STALE_MS}: its process cannot be asked;
 *   - unreadable (not the JSON hyoka writes) and older than {@link GARBAGE_GRACE_MS} (a file system without hard
 *     links falls back to create-then-write, where a lock is briefly empty).
 * Taking over moves the stale lock aside under a unique name (one rename of it succeeds), checks that what was
 * moved is what was judged stale, puts it back if not, and then tries to create the lock again like anyone else.
 * A lock is released when its command ends, on every path: the command's own release, and, for an error thrown
 * past it or a `process.exit` (a second Ctrl-C), a synchronous release when the process exits. A process killed
 * outright (SIGKILL) leaves its lock, and the next command takes it over.
 *
 * Limits: a dead owner's pid reused by another process on the same host keeps the lock "alive" (the message
 * says how to remove it); three processes racing over one stale lock could, in a very narrow window, both end
 * up holding it.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { Localized } from "../i18n.js";
import { showPath } from "../report/escape.js";
import { TEMP_SUFFIX } from "./atomic.js";

/** The lock, relative to the output folder. */
export const LOCK_PATH = ".hyoka/lock";
/** A lock from another host older than this is taken over (its process cannot be asked). */
export const FOREIGN_STALE_MS = 24 * 60 * 60 * 1000;
/** An unreadable lock younger than this may be one being written (no hard links): it is waited for. */
export const GARBAGE_GRACE_MS = 10_000;
/** How long a command waits for another one's lock, unless told otherwise. */
export const DEFAULT_WAIT_MS = 10_000;

export interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export interface LockOptions {
  /** How long to wait for a live owner (0: not at all). Default {@link DEFAULT_WAIT_MS}. */
  waitMs?: number;
  /** How often to look again while waiting. Default 250 ms. */
  pollMs?: number;
  /** The folder as the user named it, for messages. Default: the root. */
  shown?: string;
  /** Called once when the command starts to wait. */
  onWait?: (owner: LockOwner | undefined, waitMs: number) => void;
}

export type LockResult =
  | { ok: true; file: string; release: () => void }
  | { ok: false; code: "busy" | "cannot-write"; message: Localized };

export function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (
      Number.isInteger(v.pid) &&
      (v.pid as number) > 0 &&
      typeof v.host === "string" &&
      typeof v.started === "string"
    )
      return { pid: v.pid as number, host: v.host, started: v.started };
  } catch {
    // not hyoka's lock
  }
  return undefined;
}

/** Whether process `pid` exists on this host (signal 0 checks without sending anything). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** How far another machine's clock may run ahead of this one's. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Whether a lock holds: its owner is alive, or cannot be known to be gone. */
export function lockHeld(
  owner: LockOwner | undefined,
  lockAgeMs: number,
  host: string = hostname(),
  now: number = Date.now(),
): boolean {
  if (!owner) return lockAgeMs < GARBAGE_GRACE_MS;
  if (owner.host === host) return pidAlive(owner.pid);
  const started = Date.parse(owner.started);
  // A start in the future (a clock far off, or a forged lock) counts as old: it would otherwise hold for ever.
  return Number.isFinite(started) && started <= now + CLOCK_SKEW_MS && now - started < FOREIGN_STALE_MS;
}

const tempName = (dir: string) =>
  path.join(dir, `.lock.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);

/** Creates `file` holding `content`, whole, unless it exists: true if created. */
async function createWhole(file: string, content: string): Promise<boolean> {
  const temp = tempName(path.dirname(file));
  await writeFile(temp, content, { flag: "wx", mode: 0o644 });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
  } finally {
    await rm(temp, { force: true });
  }
  // No hard links here: create and write (an empty lock for a moment; see GARBAGE_GRACE_MS).
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(file, { force: true });
    throw error;
  }
  await handle.close();
  return true;
}

/** Moves a stale lock out of the way, unless it is no longer the one judged stale. */
async function takeOver(file: string, seen: string): Promise<void> {
  const aside = tempName(path.dirname(file));
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // taken over or released by someone else
    throw error;
  }
  const moved = await readFile(aside, "utf8").catch(() => undefined);
  // Another process made a new lock between the look and the move: put it back.
  if (moved !== seen) await link(aside, file).catch(() => {});
  await rm(aside, { force: true });
}

function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function busy(shown: string, file: string, owner: LockOwner | undefined, waitedMs: number): Localized {
  const who = owner
    ? {
        ja: `プロセス ${owner.pid}、${showPath(owner.host)}、${showPath(owner.started)} 開始`,
        en: `process ${owner.pid} on ${showPath(owner.host)}, started ${showPath(owner.started)}`,
      }
    : { ja: "ロックファイルを書き込み中", en: "its lock file is being written" };
  const waited = waitedMs > 0 ? Math.round(waitedMs / 100) / 10 : 0;
  return {
    ja: `出力先 ${shown} は別の hyoka が使用中です(${who.ja})${waited ? `。${waited} 秒待ちました` : ""}。終わってから実行し直してください。そのプロセスがもう動いていなければ、ロックファイル ${file} を削除してください`,
    en: `the output folder ${shown} is in use by another hyoka (${who.en})${waited ? `; waited ${waited} s` : ""}. Run again once it has finished, or, if that process is no longer running, remove the lock file ${file}`,
  };
}

function cannotWrite(shown: string, error: unknown): Localized {
  return {
    ja: `出力先 ${shown} に書き込めません: ${detailOf(error)}`,
    en: `cannot write into the output folder ${shown}: ${detailOf(error)}`,
  };
}

/**
 * Takes the lock of the output folder `root` (a real path, checked): waits up to `waitMs` for a live owner,
 * takes over a stale one. On success, `release` removes the lock if it is still this one's (also called on
 * process exit; calling it again does nothing).
 */
export async function acquireOutLock(root: string, options: LockOptions = {}): Promise<LockResult> {
  const waitMs = Math.max(0, options.waitMs ?? DEFAULT_WAIT_MS);
  const pollMs = Math.max(1, options.pollMs ?? 250);
  const shown = options.shown ?? root;
  const file = path.join(root, LOCK_PATH);
  const content = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })}\n`;
  const startedAt = Date.now();
  let waiting = false;
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    return { ok: false, code: "cannot-write", message: cannotWrite(shown, error) };
  }
  for (;;) {
    let seen: string;
    let age: number;
    try {
      if (await createWhole(file, content)) break;
      [seen, age] = await Promise.all([
        readFile(file, "utf8"),
        stat(file).then((s) => Date.now() - s.mtimeMs),
      ]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // released meanwhile: try again
      return { ok: false, code: "cannot-write", message: cannotWrite(shown, error) };
    }
    const owner = parseOwner(seen);
    if (!lockHeld(owner, age)) {
      try {
        await takeOver(file, seen);
      } catch (error) {
        return { ok: false, code: "cannot-write", message: cannotWrite(shown, error) };
      }
      continue;
    }
    const waited = Date.now() - startedAt;
    if (waited >= waitMs) return { ok: false, code: "busy", message: busy(shown, file, owner, waited) };
    if (!waiting) options.onWait?.(owner, waitMs);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, waitMs - waited)));
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      // Only this command's own lock.
      if (readFileSync(file, "utf8") === content) unlinkSync(file);
    } catch {
      // gone already
    }
  };
  process.on("exit", release);
  return { ok: true, file, release };
}
