/**
 * A fault of the machine that reaches the top (src/cli.ts, src/report/faults.ts) is a plain message naming the
 * path and the cause, exit 1, no stack trace; anything else is a bug in hyoka: one line asking for a report,
 * exit 70, the stack only with HYOKA_DEBUG=1.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeFailure } from "../../src/report/faults.js";
import { runCli, SEED_JSON, tempDir } from "../helpers.js";

function errno(code: string, syscall: string, file?: string, dest?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException & { dest?: string } = new Error(
    `${code}: something, ${syscall} '${file}'`,
  );
  error.code = code;
  error.syscall = syscall;
  if (file) error.path = file;
  if (dest) error.dest = dest;
  return error;
}

describe("the command line: an output folder under a file (ENOTDIR)", () => {
  it("summary and build refuse it before anything is written, naming the file, exit 2, no stack (ja, en)", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "afile"), "");
    for (const command of ["summary", "build"]) {
      const ja = runCli([command, "--out", "afile/x", SEED_JSON], { cwd: dir, env: { CI: "true" } });
      expect(ja.stderr).toContain("afile はフォルダではありません");
      expect(ja.stderr).not.toMatch(/\n\s+at /);
      expect(ja.stderr).not.toContain("内部エラー");
      expect(ja.status).toBe(2);
      const en = runCli([command, "--out", "afile/x", "--lang", "en", SEED_JSON], { cwd: dir });
      expect(en.stderr).toContain("afile");
      expect(en.stderr).not.toMatch(/\n\s+at /);
      expect(en.status).toBe(2);
    }
  });

  it("HYOKA_DEBUG=1 adds the stack trace to a fault that reaches the top", () => {
    const error = errno("ENOTDIR", "mkdir", "/srv/afile/x/2013");
    expect(describeFailure(error, "ja", true).text).toMatch(/\n\s+at /);
    expect(describeFailure(error, "ja", false).text).not.toMatch(/\n\s+at /);
  });
});

describe("describeFailure", () => {
  it("says each known fault of the machine plainly, with its path, exit 1, no stack", () => {
    const cases: [string, string, string][] = [
      ["EACCES", "アクセス権がありません", "permission denied"],
      ["EROFS", "読み取り専用のファイルシステムです", "read-only file system"],
      ["ENOSPC", "ディスクに空きがありません", "no space left on the device"],
      ["EMFILE", "開いているファイルが多すぎます(ulimit -n)", "too many open files (ulimit -n)"],
      ["ENOTDIR", "パスの途中にフォルダでないものがあります", "a part of the path is not a folder"],
      ["ELOOP", "シンボリックリンクが循環しています", "too many levels of symbolic links"],
      ["EPIPE", "出力先が閉じられました", "the reader closed the pipe"],
    ];
    for (const [code, ja, en] of cases) {
      const error = errno(code, "open", "/srv/out/2013/a.pdf");
      const j = describeFailure(error, "ja", false);
      expect(j).toEqual({ text: `hyoka: /srv/out/2013/a.pdf: ${ja} (${code} open)\n`, exitCode: 1 });
      expect(describeFailure(error, "en", false).text).toBe(
        `hyoka: /srv/out/2013/a.pdf: ${en} (${code} open)\n`,
      );
    }
  });

  it("names both paths of a rename", () => {
    const error = errno("EXDEV", "rename", "/a/x.tmp", "/b/x");
    expect(describeFailure(error, "en", false).text).toBe(
      "hyoka: /a/x.tmp → /b/x: cannot move across file systems (EXDEV rename)\n",
    );
  });

  it("calls anything else a bug in hyoka: one message, a request to report it, exit 70, no stack (ja, en)", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const ja = describeFailure(bug, "ja", false);
    expect(ja.exitCode).toBe(70);
    expect(ja.text).toContain("hyoka: 内部エラー(hyoka の不具合です): Cannot read properties of undefined");
    expect(ja.text).toContain("報告してください");
    expect(ja.text).not.toMatch(/\n\s+at /);
    const en = describeFailure(bug, "en", false);
    expect(en.text).toContain("internal error (a bug in hyoka)");
    expect(en.text).toContain("please report it");
    expect(describeFailure("a thrown string", "en", false).text).toContain(
      "a bug in hyoka): a thrown string",
    );
    // An error code hyoka does not know is a bug too.
    expect(describeFailure(errno("ERR_SOMETHING", "x"), "en", false).exitCode).toBe(70);
  });

  it("shows the stack of a bug with HYOKA_DEBUG=1", () => {
    const report = describeFailure(new Error("boom"), "ja", true);
    expect(report.text).toMatch(/\n\s+at /);
    expect(report.exitCode).toBe(70);
  });
});
