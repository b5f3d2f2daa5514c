/** `--quiet` (problems only) and `--json` (one JSON object per line on stdout), end to end. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, seedProject, seedText, seedVariant, tempDir } from "../helpers.js";

const CI = { env: { CI: "true" } };

function jsonLines(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split("\n").filter((l) => l !== "");
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A project with the seed and a copy whose actual value is a string (one schema error). */
function brokenProject(): { dir: string; line: number } {
  const dir = seedProject();
  const broken = seedText()
    .replace('"code": "72302000"', '"code": "72302001"')
    .replace('"plan": 19, "actual": 19', '"plan": 19, "actual": "19"');
  writeFileSync(path.join(dir, "data/2013/broken.json"), broken);
  return { dir, line: broken.split("\n").findIndex((l) => l.includes('"actual": "19"')) + 1 };
}

describe("--json", () => {
  it("validate: one diagnostic object per problem with stable fields, then the result; nothing else on stdout", () => {
    const { dir, line } = brokenProject();
    const r = runCli(["validate", "--json"], { cwd: dir, ...CI });
    expect(r.status).toBe(1);
    const objects = jsonLines(r.stdout);
    const diagnostic = objects.find((o) => o.type === "diagnostic");
    expect(diagnostic).toEqual({
      type: "diagnostic",
      severity: "error",
      code: expect.any(String),
      file: "data/2013/broken.json",
      line,
      column: expect.any(Number),
      field: "参考指標① › 2012年度 › 実績値",
      pointer: "/indicators/0/years/2/actual",
      message: expect.stringContaining("数値が必要です"),
      hint: expect.any(String),
    });
    expect(objects.at(-1)).toEqual({
      type: "result",
      command: "validate",
      exitCode: 1,
      sheets: 2,
      built: 0,
      skipped: 0,
      failed: 1,
      warnings: 0,
      errors: objects.filter((o) => o.type === "diagnostic" && o.severity === "error").length,
      message: null,
    });
    // People's lines go to stderr; the diagnostics are not said twice.
    expect(r.stderr).toContain("1 件が有効、1 件が無効です");
    expect(r.stderr).not.toContain("数値が必要です");
  });

  it("build: the result counts what was built, skipped and failed", () => {
    const dir = seedProject();
    seedVariant(dir, "72302001");
    const first = runCli(["build", "--json", "--lang", "en", "-j", "1"], { cwd: dir, ...CI });
    expect(first.status).toBe(0);
    expect(jsonLines(first.stdout)).toEqual([
      expect.objectContaining({
        type: "result",
        command: "build",
        exitCode: 0,
        sheets: 2,
        built: 2,
        skipped: 0,
      }),
    ]);
    writeFileSync(path.join(dir, "data/2013/72302001.json"), "{");
    const second = runCli(["build", "--json", "--lang", "en", "-j", "1"], { cwd: dir, ...CI });
    expect(second.status).toBe(1);
    const objects = jsonLines(second.stdout);
    expect(objects[0]).toMatchObject({
      type: "diagnostic",
      file: "data/2013/72302001.json",
      line: 1,
      column: 2,
      message: expect.stringContaining("invalid JSON: the file ends too early"),
    });
    expect(objects.at(-1)).toMatchObject({ type: "result", built: 0, skipped: 1, failed: 1, exitCode: 1 });
  });

  it("new, template, export and import: the result counts the files each wrote", () => {
    const dir = seedProject();
    const run = (args: string[]) => {
      const r = runCli([...args, "--json", "--quiet"], { cwd: dir });
      expect(r.stderr, args.join(" ")).toBe("");
      return jsonLines(r.stdout);
    };
    const result = (command: string, sheets: number, built: number) => [
      expect.objectContaining({ type: "result", command, exitCode: 0, sheets, built, failed: 0 }),
    ];
    expect(run(["new", "12345678", "--year", "2014"])).toEqual(result("new", 0, 1));
    expect(run(["template", "--form", "sheet-1", "--out", "blank.xlsx"])).toEqual(result("template", 0, 1));
    expect(run(["export", "data/2013/72302000.json", "--out", "wb"])).toEqual(result("export", 1, 1));
    expect(run(["import", "wb/2013/72302000.xlsx", "--out", "back"])).toEqual(result("import", 1, 1));
    const again = runCli(["new", "12345678", "--year", "2014", "--json", "--quiet"], { cwd: dir });
    expect(again.status).toBe(1);
    expect(jsonLines(again.stdout)).toEqual([expect.objectContaining({ exitCode: 1, built: 0, failed: 1 })]);
  });

  it("a usage error ends with a result line too (exit 2), the message on stderr as ever", () => {
    const r = runCli(["validate", "--json", "--out", "x"], { cwd: tempDir() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("hyoka validate は --out を受け付けません");
    expect(jsonLines(r.stdout)).toEqual([
      expect.objectContaining({
        type: "result",
        command: "validate",
        exitCode: 2,
        message: expect.any(String),
      }),
    ]);
  });
});

describe("--quiet", () => {
  it("a clean build says nothing at all", () => {
    const dir = seedProject();
    const r = runCli(["build", "--quiet", "-j", "1"], { cwd: dir, ...CI });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
  });

  it("problems only: the diagnostics, no progress lines, no result lines", () => {
    const { dir } = brokenProject();
    const r = runCli(["build", "-q", "-j", "1"], { cwd: dir, ...CI });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("data/2013/broken.json:");
    expect(r.stderr).not.toMatch(/\[\d+\/\d+\]/);
    expect(r.stdout).toBe("");
    const validate = runCli(["validate", "--quiet", "data/2013/72302000.json"], { cwd: dir });
    expect(validate.status).toBe(0);
    expect(validate.stdout + validate.stderr).toBe("");
  });

  it("build --book: no progress lines from the book either", () => {
    const dir = seedProject();
    const r = runCli(["build", "--book", "--quiet", "-j", "1"], { cwd: dir, ...CI });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
    // Without --quiet the book does show its progress (so the line above tests something).
    const loud = runCli(["build", "--book", "--force", "-j", "1"], { cwd: dir, ...CI });
    expect(loud.stderr).toMatch(/\[1\/1\]/);
  });

  it("build --book --json: stdout is JSON lines only; with --quiet stderr is empty", () => {
    const dir = seedProject();
    const r = runCli(["build", "--book", "--json", "--quiet", "-j", "1"], { cwd: dir, ...CI });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(jsonLines(r.stdout)).toEqual([expect.objectContaining({ type: "result", command: "build" })]);
    const loud = runCli(["build", "--book", "--json", "--force", "-j", "1"], { cwd: dir, ...CI });
    expect(jsonLines(loud.stdout).map((o) => o.type)).toEqual(["result"]);
  });

  it("with --json: only the JSON lines", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "data"));
    writeFileSync(path.join(dir, "data/x.json"), "{");
    const r = runCli(["validate", "--json", "--quiet"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(jsonLines(r.stdout).map((o) => o.type)).toEqual(["diagnostic", "result"]);
  });
});
