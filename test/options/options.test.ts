/**
 * The command line's rules (src/main.ts): each command takes only its own options, each at most once and never
 * empty; every number within its bounds. A broken rule is a usage error: exit 2, a message in Japanese (English
 * with `--lang en`), no stack trace, and no work done.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseShard } from "../../src/commands/build.js";
import { ROOT, runCli, SEED_JSON, tempDir } from "../helpers.js";

const JOBS_MAX = Math.min(32, 4 * availableParallelism());
const MEMORY_MAX = Math.min(16_384, Math.floor(totalmem() / 2 ** 20));

/** A folder with the seed as data/2013/72302000.json. */
function project(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
  return dir;
}

/** Runs the CLI in a fresh project and expects a usage error that did no work: nothing written to out/. */
function usageError(args: string[]): string {
  const dir = project();
  const r = runCli(args, { cwd: dir, env: { CI: "true" } });
  expect(r.status, `${args.join(" ")}\n${r.stderr}`).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe("");
  expect(existsSync(path.join(dir, "out")), "no output folder").toBe(false);
  return r.stderr;
}

describe("each command takes only its own options", () => {
  it("validate refuses --out, naming the command and what it takes (ja, en)", () => {
    expect(usageError(["validate", "--out", "x"])).toContain(
      "hyoka validate は --out を受け付けません(使えるオプション: --lang, --quiet/-q, --json)",
    );
    expect(usageError(["validate", "--out", "x", "--lang", "en"])).toContain(
      "hyoka validate does not take --out (it takes: --lang, --quiet/-q, --json)",
    );
  });

  it("validate refuses every build option, even before the command", () => {
    for (const args of [
      ["validate", "--force"],
      ["validate", "-j", "2"],
      ["validate", "--jobs=2"],
      ["validate", "--shard", "1/2"],
      ["validate", "--timeout", "5"],
      ["validate", "--memory", "512"],
      ["--out", "x", "validate"],
    ])
      expect(usageError(args)).toMatch(/hyoka validate は (--|-j)\S* を受け付けません/);
  });

  it("summary and book refuse the build-only options (ja, en)", () => {
    expect(usageError(["summary", "--jobs", "2"])).toContain(
      "hyoka summary は --jobs を受け付けません(使えるオプション: --out, --lang, --quiet/-q, --json)",
    );
    expect(usageError(["book", "--force", "--lang", "en"])).toContain(
      "hyoka book does not take --force (it takes: --out, --draft, --lang, --quiet/-q, --json)",
    );
    expect(usageError(["book", "-j2"])).toContain("hyoka book は -j を受け付けません");
  });

  it("an unknown option names the options the command takes (ja, en)", () => {
    expect(usageError(["validate", "--bogus"])).toContain(
      "不明なオプション: --bogus(hyoka validate で使えるオプション: --lang, --quiet/-q, --json)",
    );
    expect(usageError(["build", "--bogus", "--lang=en"])).toContain(
      "unknown option: --bogus (hyoka build takes: --out, --jobs/-j, --force, --book, --draft, --shard, --timeout, --memory, --lang, --quiet/-q, --json)",
    );
  });

  it("an unknown or missing command is a usage error (ja, en)", () => {
    expect(usageError(["frobnicate"])).toContain("不明なコマンド: frobnicate");
    expect(usageError(["frobnicate", "--lang", "en"])).toContain("unknown command: frobnicate");
    expect(usageError([])).toContain("コマンドを指定してください");
  });

  it("--help prints the whole usage, <command> --help that command's, on stdout, exit 0 (ja, en)", () => {
    for (const args of [["--help"], ["-h"], ["build", "--help"], ["build", "-h", "--out", "--bogus"]]) {
      const r = runCli(args);
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout).toContain("使い方");
      expect(r.stdout).toContain(`--jobs N, -j N   ワーカー数。1〜${JOBS_MAX}`);
      expect(r.stdout).toContain("--quiet, -q");
      expect(r.stdout).toContain(
        "終了コード / exit codes: 0 すべて成功, 1 失敗したシートあり, 2 使い方の誤り, 70 内部エラー",
      );
      expect(r.stderr).toBe("");
    }
    const whole = runCli(["--help"]).stdout;
    for (const command of ["validate", "build", "summary", "book"])
      expect(whole).toContain(`  hyoka ${command} `);
    const validate = runCli(["validate", "--help", "--out", "x"]);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toContain("  hyoka validate [ファイルやパターン…]");
    expect(validate.stdout).not.toContain("--jobs");
    expect(validate.stdout).not.toContain("hyoka build");
    // An option a command cannot do without has no brackets; its value is named as that command takes it.
    expect(whole).toContain(
      "  hyoka template --form 様式 [--year 年度] [--code コード] --out FILE [--force]",
    );
    expect(whole).toContain("  hyoka import FILE.xlsx… --out DIR [--force]");
    expect(whole).toContain("  hyoka extract FILE.pdf… [--out DIR] [--force]");
    // A command whose operand is not a sheet names it; --year, which `new` needs, has no brackets.
    const newHelp = runCli(["new", "--help"]);
    expect(newHelp.status).toBe(0);
    expect(newHelp.stdout).toContain("  hyoka new <コード> --year 年度 [--form 様式] [--data DIR]");
    expect(newHelp.stdout).not.toContain("ファイルやパターン");
    expect(runCli(["new", "--help", "--lang", "en"]).stdout).toContain(
      "  hyoka new <code> --year Y [--form ID] [--data DIR]",
    );
    const en = runCli(["build", "--help", "--lang", "en"]);
    expect(en.status).toBe(0);
    expect(en.stdout).toContain("usage:");
    expect(en.stdout).toContain(`worker threads, 1 to ${JOBS_MAX}`);
    expect(en.stdout).toContain(
      "exit codes: 0 all done, 1 any sheet failed, 2 usage error, 70 internal error",
    );
  });

  it("--version and -V print the version on stdout, exit 0, with any command", () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    for (const args of [["--version"], ["-V"], ["build", "--version"], ["validate", "-V", "--bogus"]]) {
      const r = runCli(args);
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout).toBe(`hyoka ${version}\n`);
      expect(r.stderr).toBe("");
    }
  });

  it("--quiet and --json are taken by every command, once, as switches (ja, en)", () => {
    expect(usageError(["validate", "--quiet", "-q"])).toContain("--quiet/-q が 2 回以上指定されています");
    expect(usageError(["build", "--json=yes", "--lang", "en"])).toContain(
      "--json takes no value: --json=yes",
    );
  });

  it("patterns after -- are patterns, even when they look like options", () => {
    const dir = tempDir();
    copyFileSync(SEED_JSON, path.join(dir, "--out.json"));
    const r = runCli(["validate", "--", "--out.json"], { cwd: dir });
    expect(r.stdout).toContain("1 件が有効、0 件が無効です");
    expect(r.status).toBe(0);
  });
});

describe("each option once, with a value", () => {
  it("a repeated option is refused, whatever its spelling (ja, en)", () => {
    expect(usageError(["build", "--out", "a", "--out", "b"])).toContain(
      "--out が 2 回以上指定されています(1 回だけ指定してください)",
    );
    expect(usageError(["build", "-j", "1", "--jobs", "2", "--lang", "en"])).toContain(
      "--jobs/-j is given more than once",
    );
    expect(usageError(["validate", "--lang", "en", "--lang", "en"])).toContain(
      "--lang is given more than once",
    );
    expect(usageError(["build", "--force", "--force"])).toContain("--force が 2 回以上指定されています");
  });

  it("an empty value is refused (ja, en)", () => {
    expect(usageError(["build", "--out", ""])).toContain("--out の値が空です(--out DIR)");
    expect(usageError(["summary", "--out=", "--lang", "en"])).toContain("--out has an empty value");
  });

  it("a missing value is refused, and the next option is not taken as the value (ja, en)", () => {
    expect(usageError(["build", "--out"])).toContain("--out の値がありません(--out DIR)");
    expect(usageError(["build", "--out", "--force"])).toContain(
      "--out の値がありません: 次の --force はオプションとして扱いません(- で始まる値は --out=--force と書きます)",
    );
    expect(usageError(["build", "--lang", "en", "--shard"])).toContain("--shard needs a value (--shard i/n)");
  });

  it("a switch takes no value (ja, en)", () => {
    expect(usageError(["build", "--force=yes"])).toContain("--force は値をとりません: --force=yes");
    expect(usageError(["build", "--force=yes", "--lang", "en"])).toContain("--force takes no value");
  });

  it("an empty file name or pattern is refused (ja, en)", () => {
    expect(usageError(["validate", ""])).toContain("空のファイル名やパターンは使えません");
    expect(usageError(["build", "--lang", "en", "--", " "])).toContain(
      "an empty file name or pattern is not allowed",
    );
  });

  it("--lang is ja or en", () => {
    expect(usageError(["validate", "--lang", "fr"])).toContain("--lang は ja か en です: fr");
  });
});

describe("numbers within bounds", () => {
  it(`--jobs above the cap (${JOBS_MAX}: 4 per core, at most 32) fails at once, before any worker (ja, en)`, () => {
    expect(usageError(["build", "--jobs", "100000"])).toContain(
      `--jobs は ${JOBS_MAX} までです(CPU コア ${availableParallelism()} 個の 4 倍まで、最大 32): 100000`,
    );
    expect(usageError(["build", "-j", "33", "--lang", "en"])).toContain(`--jobs must be at most ${JOBS_MAX}`);
  });

  it("--jobs, --timeout and --memory take plain whole numbers only (ja, en)", () => {
    for (const [name, value] of [
      ["jobs", "0"],
      ["jobs", "1e3"],
      ["jobs", "+2"],
      ["jobs", " 2"],
      ["jobs", "2.0"],
      ["jobs", "02"],
      ["jobs", "0x2"],
      ["timeout", "-5"],
      ["timeout", "1.5"],
      ["memory", "1e3"],
      ["memory", "512 "],
    ] as const) {
      const stderr = usageError(["build", `--${name}=${value}`]);
      expect(stderr).toContain(`--${name} は `);
      expect(stderr).toContain(`の整数です(符号・小数点・指数・空白なしで): ${value}`);
    }
    expect(usageError(["build", "--jobs=1e3", "--lang", "en"])).toContain(
      `--jobs must be a whole number from 1 to ${JOBS_MAX} (no sign, decimal point, exponent or spaces): 1e3`,
    );
  });

  it("--timeout is 1 to 86400 seconds; Node's timer limit (2147484 s) is far out of range (ja, en)", () => {
    expect(usageError(["build", "--timeout", "86401"])).toContain(
      "--timeout は 86400 秒(1 日)までです: 86401",
    );
    expect(usageError(["build", "--timeout", "2147484", "--lang", "en"])).toContain(
      "--timeout must be at most 86400 seconds (one day): 2147484",
    );
    expect(usageError(["build", "--timeout", "0"])).toContain("--timeout は 1〜86400 の整数です");
  });

  it(`--memory is 64 to ${MEMORY_MAX} MB (16384 or the machine's memory) (ja, en)`, () => {
    expect(usageError(["build", "--memory", "63"])).toContain("--memory は 64 以上です: 63");
    expect(usageError(["build", "--memory", String(MEMORY_MAX + 1)])).toContain(
      `--memory は ${MEMORY_MAX} MB までです`,
    );
    expect(usageError(["build", "--memory", "99999999", "--lang", "en"])).toContain(
      `--memory must be at most ${MEMORY_MAX} MB`,
    );
  });

  it("--shard is i/n with 1 ≤ i ≤ n ≤ 1000, plain numbers (ja, en)", () => {
    for (const bad of ["01/4", "1/1001", "0/4", "5/4", "1/4 ", "+1/4", "1/0", "1 / 4", "1/4/2", "a/b"])
      expect(usageError(["build", "--shard", bad])).toContain(
        `--shard は i/n の形で、1 ≤ i ≤ n ≤ 1000 の整数です(例: 1/4): ${bad}`,
      );
    expect(usageError(["build", "--shard", "1/1001", "--lang", "en"])).toContain(
      "--shard is i/n with whole numbers 1 ≤ i ≤ n ≤ 1000 (e.g. 1/4): 1/1001",
    );
  });

  it("parseShard keeps its meaning within the bounds", () => {
    expect(parseShard("1/4")).toEqual({ index: 1, count: 4 });
    expect(parseShard("1000/1000")).toEqual({ index: 1000, count: 1000 });
    expect(parseShard("4/4")).toEqual({ index: 4, count: 4 });
    for (const bad of ["01/4", "1/01", "1/1001", "0/1", "5/4", "1/4 ", "10000/10000", "1e1/20", ""])
      expect(parseShard(bad), bad).toBeUndefined();
  });

  it("the bounds themselves are accepted: a build with --timeout 86400, --memory 1024, -j 1", () => {
    const dir = project();
    const r = runCli(["build", "--timeout", "86400", "--memory", "1024", "-j", "1"], {
      cwd: dir,
      env: { CI: "true" },
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toContain("作成 1 件");
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
  });
});
