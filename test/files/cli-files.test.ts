/** The CLI on awkward files, end to end: built-in-like names, hostile names, special files, huge patterns. */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, seedText, tempDir } from "../helpers.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function project(): string {
  const dir = tempDir("hyoka-cli-files-");
  roots.push(dir);
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  return dir;
}

function sheet(dir: string, name: string, code: string): void {
  writeFileSync(path.join(dir, name), seedText().replace('"code": "72302000"', `"code": "${code}"`));
}

/** No stack trace, no internal error: every line a user sees is a message. */
function expectNoInternalError(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/\b(TypeError|RangeError|ReferenceError|Error):/);
}

const BUILTINS = ["constructor", "__proto__", "hasOwnProperty", "toString"];

describe("files named like JavaScript built-ins", () => {
  it("validate and build them as any other sheet, and a second build skips them", () => {
    const dir = project();
    for (const [i, name] of BUILTINS.entries()) sheet(dir, `data/2013/${name}.json`, `5555555${i}`);
    const valid = runCli(["validate"], { cwd: dir });
    expectNoInternalError(valid.stderr);
    expect(valid.stdout).toContain("4 件が有効、0 件が無効です");
    expect(valid.status).toBe(0);

    const built = runCli(["build", "--jobs", "1"], { cwd: dir, env: { CI: "true" } });
    expectNoInternalError(built.stderr);
    expect(built.status).toBe(0);
    expect(built.stdout).toContain("作成 4 件");
    const report = JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8"));
    expect(report.sheets.map((s: { input: string }) => s.input).sort()).toEqual(
      BUILTINS.map((n) => `data/2013/${n}.json`).sort(),
    );
    const again = runCli(["build", "--jobs", "1"], { cwd: dir, env: { CI: "true" } });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("作成 0 件、変更なしで省略 4 件");
  });

  // The manifest keeps its entries in a Map: a sheet named like a built-in is recorded and found as any other.
  it("build sheets named exactly `constructor` and `__proto__`, and skip them the second time", () => {
    const dir = project();
    sheet(dir, "__proto__", "77777771");
    sheet(dir, "constructor", "77777772");
    const args = ["build", "__proto__", "constructor", "--jobs", "1"];
    const built = runCli(args, { cwd: dir, env: { CI: "true" } });
    expect(built.stdout).toContain("作成 2 件");
    const again = runCli(args, { cwd: dir, env: { CI: "true" } });
    expect(again.stdout).toContain("作成 0 件、変更なしで省略 2 件");
  });
});

describe("hostile names and special files", () => {
  it("shows names escaped, skips what is not a regular file, and never fails inside", () => {
    const dir = project();
    sheet(dir, "data/2013/72302000.json", "72302000");
    writeFileSync(path.join(dir, "data/2013/\u001b[31mred\u001b[0m.JSON"), "{}");
    writeFileSync(path.join(dir, "data/2013/\u202egnp.JSON"), "{}");
    writeFileSync(Buffer.from(path.join(dir, "data/2013/bad\xff.json"), "latin1"), "{}");
    mkdirSync(path.join(dir, "elsewhere"));
    sheet(dir, "elsewhere/66666666.json", "66666666");
    symlinkSync("../../elsewhere", path.join(dir, "data/2013/linked"));
    try {
      execFileSync("mkfifo", [path.join(dir, "data/2013/pipe.json")]);
    } catch {
      // no mkfifo: the rest still holds
    }
    const r = runCli(["validate"], { cwd: dir });
    expectNoInternalError(r.stderr);
    expect(r.stderr.includes("\u001b") || r.stderr.includes("\u202e")).toBe(false);
    expect(r.stderr).toContain("data/2013/\\u001b[31mred\\u001b[0m.JSON: 読み飛ばし");
    expect(r.stderr).toContain("data/2013/\\u202egnp.JSON: 読み飛ばし");
    expect(r.stderr).toContain("data/2013/bad\uFFFD.json: 読み飛ばし: ファイル名が UTF-8 ではない");
    expect(r.stderr).toContain("data/2013/linked: 読み飛ばし: シンボリックリンクのフォルダはたどりません");
    expect(r.stdout).toContain("1 件が有効、0 件が無効です");
    expect(r.status).toBe(0);
  });

  it("refuses a named FIFO or device as a discovery error (exit 1), without blocking", () => {
    const dir = project();
    sheet(dir, "data/2013/72302000.json", "72302000");
    const r = runCli(["validate", "data/2013/72302000.json", "/dev/null", "--lang", "en"], { cwd: dir });
    expectNoInternalError(r.stderr);
    expect(r.stderr).toContain("/dev/null: error: this is a device");
    expect(r.status).toBe(1);
  });

  it("refuses a pattern that would search the whole disk (exit 1)", () => {
    const dir = project();
    const r = runCli(["validate", "/**/*.json"], { cwd: dir });
    expectNoInternalError(r.stderr);
    expect(r.stderr).toContain("/**/*.json: エラー: パターン /**/*.json はディスク全体");
    expect(r.status).toBe(1);
  });
});
