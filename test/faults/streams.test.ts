/**
 * A closed or full standard output or error never crashes hyoka (src/report/streams.ts): no stack trace, no
 * unhandled 'error' event, the work is finished (a build still writes its files).
 *
 * A reader that has gone away is made without timing: a FIFO is opened for reading and writing, then for
 * writing, and the reading end is closed before hyoka starts, so its first write to stdout meets EPIPE.
 * A full disk is /dev/full (every write: ENOSPC).
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, SEED_JSON, tempDir } from "../helpers.js";

const CLI = path.join(ROOT, "dist/src/cli.js");
const POSIX = process.platform !== "win32";
const HAS_DEV_FULL = existsSync("/dev/full");

function project(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
  return dir;
}

interface ShellResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Defines `hyoka` in a shell script as `node dist/src/cli.js`. */
const DEFINE_HYOKA = 'hyoka() { "$NODE_BIN" "$HYOKA_CLI" "$@"; }\n';
const SHELL_ENV = { ...process.env, CI: "true", NODE_BIN: process.execPath, HYOKA_CLI: CLI };

/** Runs a sh script in `cwd`, with `hyoka` defined. */
function sh(script: string, cwd: string): ShellResult {
  const r = spawnSync("sh", ["-c", DEFINE_HYOKA + script], {
    cwd,
    encoding: "utf8",
    env: SHELL_ENV,
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `hyoka args…` with the given stream (1 stdout, 2 stderr) on a pipe whose reader is already gone; the exit
 * status is printed on the other stream as `status=N`.
 */
function withClosedReader(args: string, fd: 1 | 2, cwd: string): ShellResult {
  const other = fd === 1 ? 2 : 1;
  return sh(
    `rm -f gone.fifo && mkfifo gone.fifo && exec 3<>gone.fifo && exec 4>gone.fifo && exec 3<&- &&
     hyoka ${args} ${fd}>&4; echo "status=$?" >&${other}`,
    cwd,
  );
}

const NO_STACK = /\n\s+at |Unhandled 'error'|node:events/;

describe("stdout whose reader has gone (EPIPE)", () => {
  it.skipIf(!POSIX)("validate finishes silently with its own exit code, no stack", () => {
    const dir = project();
    const r = withClosedReader("validate", 1, dir);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).not.toContain("標準出力");
    expect(r.stderr).toContain("status=0");
  });

  it.skipIf(!POSIX)("validate of an invalid file still exits 1 (not a crash, not 70)", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "x.json"), "{");
    const r = withClosedReader("validate x.json", 1, dir);
    expect(r.stderr).toContain("x.json:1:2: エラー");
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).toContain("status=1");
  });

  it.skipIf(!POSIX)("build still builds and writes every file, exit 0", () => {
    const dir = project();
    const r = withClosedReader("build --jobs 1", 1, dir);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).toContain("status=0");
    for (const f of [
      "out/2013/72302000.pdf",
      "out/2013/72302000.xlsx",
      "out/2013/summary.xlsx",
      "out/report.json",
    ])
      expect(existsSync(path.join(dir, f)), f).toBe(true);
  });

  it.skipIf(!POSIX)("a usage error with stdout gone still exits 2; --help exits 0", () => {
    const dir = tempDir();
    expect(withClosedReader("--help", 1, dir).stderr).toContain("status=0");
    const r = withClosedReader("validate --out x", 1, dir);
    expect(r.stderr).toContain("hyoka validate は --out を受け付けません");
    expect(r.stderr).toContain("status=2");
  });

  it.skipIf(!POSIX)("`hyoka validate … | head -c 1`: hyoka's own status is 0, no stack (pipefail)", () => {
    const r = spawnSync(
      "bash",
      [
        "-c",
        `${DEFINE_HYOKA}set -o pipefail; hyoka validate data/2013/72302000.json data/2013/72302000.json | head -c 1`,
      ],
      { cwd: ROOT, encoding: "utf8", env: SHELL_ENV },
    );
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.status).toBe(0);
  });

  it("build with its stdout pipe destroyed after the first chunk finishes and writes its files", async () => {
    const dir = project();
    const child = spawn(process.execPath, [CLI, "build", "--jobs", "1"], {
      cwd: dir,
      env: { ...process.env, CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(NO_STACK);
    expect(status).toBe(0);
    expect(existsSync(path.join(dir, "out/report.json"))).toBe(true);
  });
});

describe("stderr whose reader has gone (EPIPE)", () => {
  it.skipIf(!POSIX)("build's progress lines and messages are dropped; the build finishes, exit 0", () => {
    const dir = project();
    const r = withClosedReader("build --jobs 1", 2, dir);
    expect(r.stdout).toContain("作成 1 件");
    expect(r.stdout).toContain("status=0");
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
  });

  it.skipIf(!POSIX)("validate's diagnostics are dropped; its exit code stays 1 for an invalid file", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "x.json"), "{");
    const r = withClosedReader("validate x.json", 2, dir);
    expect(r.stdout).toContain("0 件が有効、1 件が無効です");
    expect(r.stdout).toContain("status=1");
  });
});

describe("a full standard output (> /dev/full: ENOSPC)", () => {
  it.skipIf(!HAS_DEV_FULL)("validate says so once on stderr, without a stack, and exits 1 (ja, en)", () => {
    const dir = project();
    const ja = sh("hyoka validate > /dev/full", dir);
    expect(ja.stderr).toBe("hyoka: 標準出力に書き込めません(ENOSPC)。以降の標準出力は捨てて処理を続けます\n");
    expect(ja.status).toBe(1);
    const en = sh("hyoka validate --lang en > /dev/full", dir);
    expect(en.stderr).toBe(
      "hyoka: cannot write to standard output (ENOSPC); the rest of it is dropped and the work goes on\n",
    );
    expect(en.status).toBe(1);
  });

  it.skipIf(!HAS_DEV_FULL)("build says so once, still writes every file, and exits 1", () => {
    const dir = project();
    const r = sh("hyoka build --jobs 1 > /dev/full", dir);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr.match(/標準出力に書き込めません\(ENOSPC\)/g)).toHaveLength(1);
    expect(r.status).toBe(1);
    for (const f of ["out/2013/72302000.pdf", "out/2013/72302000.xlsx", "out/report.json"])
      expect(existsSync(path.join(dir, f)), f).toBe(true);
  });

  it.skipIf(!HAS_DEV_FULL)("--help > /dev/full exits 1 without a stack", () => {
    const r = sh("hyoka --help > /dev/full", tempDir());
    expect(r.stderr).toContain("標準出力に書き込めません(ENOSPC)");
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.status).toBe(1);
  });

  it.skipIf(!HAS_DEV_FULL)(
    "a full stderr (2> /dev/full) is dropped silently; a build finishes, exit 0",
    () => {
      const dir = project();
      const r = sh("hyoka build --jobs 1 2> /dev/full", dir);
      expect(r.stdout).toContain("作成 1 件");
      expect(r.status).toBe(0);
      expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
    },
  );

  it.skipIf(!HAS_DEV_FULL)(
    "validate's diagnostics to a full stderr are dropped; the exit code stays 1",
    () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, "x.json"), "{");
      const r = sh("hyoka validate x.json 2> /dev/full", dir);
      expect(r.stdout).toBe("0 件が有効、1 件が無効です\n");
      expect(r.status).toBe(1);
    },
  );
});
