import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, SEED_JSON, seedText, tempDir } from "../helpers.js";

describe("hyoka validate", () => {
  it("reports data/ valid with exit 0", () => {
    const r = runCli(["validate"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("2 件が有効、0 件が無効です");
    expect(r.status).toBe(0);
  });

  it("reports a broken copy of the seed at the right line and field, in Japanese, exit 1", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "data"));
    const broken = seedText().replace('"plan": 19, "actual": 19', '"plan": 19, "actual": "19"');
    writeFileSync(path.join(dir, "data/broken.json"), broken);
    copyFileSync(SEED_JSON, path.join(dir, "data/good.json"));
    const r = runCli(["validate"], { cwd: dir });
    const line = broken.split("\n").findIndex((l) => l.includes('"actual": "19"')) + 1;
    expect(r.stderr).toContain(`data/broken.json:${line}:`);
    expect(r.stderr).toContain("[参考指標① › 2012年度 › 実績値] (/indicators/0/years/2/actual)");
    expect(r.stderr).toContain("数値が必要です");
    expect(r.stdout).toContain("1 件が有効、1 件が無効です");
    expect(r.status).toBe(1);
  });

  it("speaks English with --lang en", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "x.json"), "{");
    const r = runCli(["validate", "--lang", "en", "x.json"], { cwd: dir });
    expect(r.stderr).toContain("x.json:1:2: error invalid JSON: the file ends too early");
    expect(r.stdout).toContain("0 valid, 1 invalid");
    expect(r.status).toBe(1);
  });

  it("treats a pattern that matches nothing as an error", () => {
    const r = runCli(["validate", "nothing/**/*.json"], { cwd: tempDir() });
    expect(r.stderr).toContain("一致するファイルがありません");
    expect(r.status).toBe(1);
  });

  it("exits 2 on a usage error, with no stack trace", () => {
    for (const args of [["frobnicate"], ["validate", "--bogus"], ["validate", "--lang", "fr"]]) {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("使い方");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("reports a directory and an empty file without a stack trace", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "d.json"));
    writeFileSync(path.join(dir, "e.json"), "");
    const r = runCli(["validate", "d.json", "e.json"], { cwd: dir });
    expect(r.stderr).toContain("d.json: エラー フォルダです");
    // A folder named in place of its sheets: the message says how to name all of them.
    expect(r.stderr).toContain("'data/**/*.json'");
    expect(r.stderr).toContain("e.json:1:1: エラー ファイルが空です");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(1);
  });
});
