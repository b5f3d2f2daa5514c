/**
 * The output folder from the command line: `build`, `summary` and `book` refuse an --out that may not be used
 * (exit 2), stop while another command holds its lock (exit 1), and say plainly when it cannot be written — read
 * only, or a full disk — (exit 1), in Japanese and in English, never with a stack trace, and never leave a file
 * short.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TEMP_SUFFIX } from "../../src/write/atomic.js";
import { LOCK_PATH } from "../../src/write/lock.js";
import { runCli, SEED_JSON, tempDir } from "../helpers.js";

const STACK = /at .*\.js:\d+/;
const made: string[] = [];
const mounts: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const mnt of mounts.splice(0)) execFileSync("umount", [mnt], { stdio: "ignore" });
  for (const dir of made.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

function project(): string {
  const dir = tempDir("hyoka-outdir-cli-");
  made.push(dir);
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
  return dir;
}

/** Runs a command in `dir`; `--lang en` when asked. */
function run(dir: string, command: string, out: string, lang: "ja" | "en" = "ja") {
  const args = [command, "--out", out, ...(lang === "en" ? ["--lang", "en"] : [])];
  if (command === "build") args.push("--jobs", "1");
  return runCli(args, { cwd: dir, env: { CI: "true", HYOKA_LOCK_WAIT: "0" } });
}

/** Every file under `dir` (links not followed), relative. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else found.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return found.sort();
}

/** A tmpfs mounted on a new folder, or undefined where mounting is not permitted. */
function mountTmpfs(options: string): string | undefined {
  if (process.platform !== "linux" || process.getuid?.() !== 0 || process.env.HYOKA_NO_MOUNT)
    return undefined;
  const mnt = tempDir("hyoka-outdir-mnt-");
  made.push(mnt);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", mnt], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  mounts.push(mnt);
  return mnt;
}

interface Refusal {
  name: string;
  /** Prepares the project; gives the --out to pass. */
  setup: (dir: string) => string;
  ja: string;
  en: string;
  /** What must be as it was afterwards. */
  after?: (dir: string) => void;
}

const refusals: Refusal[] = [
  {
    name: "the root",
    setup: () => "/",
    ja: "ファイルシステムのルート / です",
    en: "it is the root of the file system",
  },
  { name: "empty", setup: () => "", ja: "--out の値が空です", en: "--out has an empty value" },
  {
    name: "a file",
    setup: (dir) => {
      writeFileSync(path.join(dir, "a-file"), "keep me");
      return "a-file";
    },
    ja: "--out a-file は使えません: a-file はフォルダではありません",
    en: "--out a-file cannot be used: a-file is not a folder",
    after: (dir) => expect(readFileSync(path.join(dir, "a-file"), "utf8")).toBe("keep me"),
  },
  {
    name: "a dangling link",
    setup: (dir) => {
      symlinkSync(path.join(dir, "nowhere"), path.join(dir, "dangling"));
      return "dangling";
    },
    ja: "dangling はリンク先が存在しないシンボリックリンクです",
    en: "dangling is a symbolic link to nothing",
    after: (dir) => expect(existsSync(path.join(dir, "nowhere"))).toBe(false),
  },
  {
    name: "a link to the root",
    setup: (dir) => {
      symlinkSync("/", path.join(dir, "to-root"));
      return "to-root";
    },
    ja: "--out to-root は使えません: ファイルシステムのルート / です",
    en: "--out to-root cannot be used: it is the root of the file system",
  },
  {
    name: "the data folder",
    setup: () => "data",
    ja: "入力 data/2013/72302000.json がその中にあります",
    en: "it holds the input data/2013/72302000.json",
  },
  {
    name: "a folder inside the pattern's base",
    setup: () => "data/out",
    ja: "入力パターンの基準フォルダ data の中にあります",
    en: "it lies inside data, the base folder of an input pattern",
    after: (dir) => expect(existsSync(path.join(dir, "data/out"))).toBe(false),
  },
];

describe("an --out that may not be used", () => {
  for (const refusal of refusals) {
    it(`build refuses ${refusal.name} (exit 2), in Japanese and English, and writes nothing`, () => {
      const dir = project();
      const out = refusal.setup(dir);
      const before = filesUnder(dir);
      for (const lang of ["ja", "en"] as const) {
        const r = run(dir, "build", out, lang);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toContain(refusal[lang]);
        expect(r.stderr).not.toMatch(STACK);
      }
      expect(filesUnder(dir)).toEqual(before);
      refusal.after?.(dir);
    });
  }

  for (const command of ["summary", "book"]) {
    it(`${command} refuses a file, a dangling link, a link to the root and the data folder (exit 2)`, () => {
      const dir = project();
      for (const refusal of refusals.filter((r) => /file|link|data folder/.test(r.name))) {
        const out = refusal.setup(dir);
        for (const lang of ["ja", "en"] as const) {
          const r = run(dir, command, out, lang);
          expect(r.status, `${refusal.name}: ${r.stderr}`).toBe(2);
          expect(r.stderr).toContain(refusal[lang]);
          expect(r.stderr).not.toMatch(STACK);
        }
        refusal.after?.(dir);
      }
      expect(filesUnder(path.join(dir, "data"))).toEqual(["2013/72302000.json"]);
    });
  }
});

describe("one command at a time in an output folder", () => {
  function lockBy(dir: string, pid: number): string {
    const file = path.join(dir, "out", LOCK_PATH);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ pid, host: hostname(), started: "2026-01-01T00:00:00.000Z" }));
    return file;
  }

  it("build, summary and book stop (exit 1) while a live process holds the lock, naming it and the lock", () => {
    const dir = project();
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(child);
    const lock = lockBy(dir, child.pid as number);
    const shown = path.join(dir, "out", LOCK_PATH);
    for (const command of ["build", "summary", "book"]) {
      const ja = run(dir, command, "out");
      expect(ja.status, ja.stderr).toBe(1);
      expect(ja.stderr).toContain(`出力先 out は別の hyoka が使用中です(プロセス ${child.pid}、`);
      expect(ja.stderr).toContain(`ロックファイル ${shown} を削除してください`);
      expect(ja.stderr).not.toMatch(STACK);
      const en = run(dir, command, "out", "en");
      expect(en.status).toBe(1);
      expect(en.stderr).toContain(
        `the output folder out is in use by another hyoka (process ${child.pid} on`,
      );
      expect(en.stderr).toContain(`remove the lock file ${shown}`);
    }
    // Nothing written, nothing removed, the lock left to its owner.
    expect(filesUnder(path.join(dir, "out"))).toEqual([LOCK_PATH]);
    expect(JSON.parse(readFileSync(lock, "utf8")).pid).toBe(child.pid);
  });

  it("takes over the lock of a build that was killed, and leaves none behind", () => {
    const dir = project();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    lockBy(dir, dead);
    // A killed build's temporary file is cleaned up too; a lock is never counted as one.
    mkdirSync(path.join(dir, "out/2013"), { recursive: true });
    writeFileSync(path.join(dir, "out/2013", `.72302000.pdf.${dead}.0123abcd${TEMP_SUFFIX}`), "partial");
    const r = run(dir, "build", "out");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("一時ファイル 1 件を削除しました");
    expect(existsSync(path.join(dir, "out", LOCK_PATH))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
    const report = JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8"));
    const listed = report.sheets.flatMap((s: { outputs: { path: string }[] }) =>
      s.outputs.map((o) => o.path),
    );
    expect(listed.some((p: string) => p.includes(".hyoka"))).toBe(false);
  });
});

describe("an --out that cannot be written", () => {
  const expectMessage = (r: ReturnType<typeof run>, ja: RegExp | string) => {
    expect(r.status, r.stderr).toBe(1);
    if (typeof ja === "string") expect(r.stderr).toContain(ja);
    else expect(r.stderr).toMatch(ja);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toContain("内部エラー");
  };

  it("read-only (chmod 555): build, summary and book say so (exit 1)", (context) => {
    const dir = project();
    const out = path.join(dir, "out");
    mkdirSync(out);
    chmodSync(out, 0o555);
    // root writes into a read-only folder all the same: nothing to test there.
    let writable = true;
    try {
      writeFileSync(path.join(out, "probe"), "");
      rmSync(path.join(out, "probe"));
    } catch {
      writable = false;
    }
    if (writable) {
      chmodSync(out, 0o755);
      context.skip();
    }
    for (const command of ["build", "summary", "book"]) {
      expectMessage(run(dir, command, "out"), "出力先 out に書き込めません");
      expectMessage(run(dir, command, "out", "en"), "cannot write into the output folder out");
    }
    chmodSync(out, 0o755);
  });

  it("on a read-only file system: build, summary and book say so (exit 1)", (context) => {
    const mnt = mountTmpfs("ro,size=64k");
    if (!mnt) return context.skip();
    const dir = project();
    for (const command of ["build", "summary", "book"]) {
      expectMessage(run(dir, command, mnt), `出力先 ${mnt} に書き込めません`);
      expectMessage(run(dir, command, mnt, "en"), `cannot write into the output folder ${mnt}`);
    }
  });

  it("on a full disk: build, summary and book say so (exit 1) and leave no file short", (context) => {
    const mnt = mountTmpfs("size=256k");
    if (!mnt) return context.skip();
    // Filled up but one page: room for the lock and nothing else.
    const filler = path.join(mnt, "filler");
    try {
      execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4096"], { stdio: "ignore" });
    } catch {
      // dd stops at the full disk
    }
    truncateSync(filler, statSync(filler).size - 4096);
    const dir = project();

    const build = run(dir, "build", mnt);
    expectMessage(
      build,
      `報告 report.json と記録 .hyoka/manifest.json を出力先 ${mnt} に書き込めませんでした`,
    );
    expect(build.stderr).toMatch(/出力ファイル 2013\/72302000\.(pdf|xlsx) を書き込めませんでした/);
    expect(build.stdout).toContain("失敗 1 件");
    expectMessage(
      run(dir, "build", mnt, "en"),
      `could not write the report report.json and the record .hyoka/manifest.json into ${mnt}`,
    );
    expectMessage(run(dir, "summary", mnt), `集計ワークブックを出力先 ${mnt} に書き込めませんでした`);
    expectMessage(run(dir, "summary", mnt, "en"), `could not write the summary workbooks into ${mnt}`);
    expectMessage(run(dir, "book", mnt), "冊子を作成できませんでした");
    expectMessage(run(dir, "book", mnt, "en"), "could not make the book");
    // Nothing but the filler and hyoka's ledger of what it meant to write: no short file, no temporary file, no
    // lock.
    expect(filesUnder(mnt).filter((f) => f !== ".hyoka/written")).toEqual(["filler"]);
  });
});
