/**
 * The build's own bookkeeping never loses a user's file, and year-level outputs agree with the build: end to end,
 * with the compiled CLI, in temporary projects made from the seed.
 */
import {
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import { runCli, seedProject, seedText, seedVariant, tempDir } from "../helpers.js";

const CI = { env: { CI: "true" } };

const project = seedProject;

const variant = seedVariant;

function build(dir: string, args: string[] = [], cwd = dir) {
  return runCli(["build", ...args], { cwd, ...CI });
}

const hashOf = (file: string) => sha256(readFileSync(file));

describe("the build's bookkeeping", () => {
  it("keeps the outputs of a data file that was renamed (the new name writes the same outputs)", () => {
    const dir = project();
    expect(build(dir).status).toBe(0);
    renameSync(path.join(dir, "data/2013/72302000.json"), path.join(dir, "data/2013/renamed.json"));
    const r = build(dir);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
    expect(existsSync(path.join(dir, "out/2013/72302000.xlsx"))).toBe(true);
    expect(existsSync(path.join(dir, "out/2013/summary.xlsx"))).toBe(true);
  });

  it("finds its records when the same folder is built from another working folder", () => {
    const dir = project();
    expect(build(dir).status).toBe(0);
    const r = build(dir, ["**/*.json", "--out", "../out"], path.join(dir, "data"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/作成 0 件、変更なしで省略 1 件/);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
    // And back: still nothing lost, nothing rebuilt.
    const back = build(dir);
    expect(back.stdout).toMatch(/作成 0 件、変更なしで省略 1 件/);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
  });

  it("removes a deleted data file's outputs, but keeps one changed by hand since", () => {
    const dir = project();
    variant(dir, "33333333");
    variant(dir, "44444444");
    expect(build(dir).status).toBe(0);
    writeFileSync(path.join(dir, "out/2013/44444444.xlsx"), "edited by hand");
    rmSync(path.join(dir, "data/2013/33333333.json"));
    rmSync(path.join(dir, "data/2013/44444444.json"));
    const r = build(dir);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/33333333.pdf"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/44444444.pdf"))).toBe(false);
    expect(readFileSync(path.join(dir, "out/2013/44444444.xlsx"), "utf8")).toBe("edited by hand");
    expect(r.stderr).toContain("2013/44444444.xlsx");
  });

  it("never reaches outside the output folder through a manifest that names a linked folder", () => {
    const dir = project();
    expect(build(dir).status).toBe(0);
    // Someone's files outside, with the very bytes the manifest records for 2013/.
    const outside = tempDir();
    for (const f of ["72302000.pdf", "72302000.xlsx"])
      copyFileSync(path.join(dir, "out/2013", f), path.join(outside, f));
    // out/2013 replaced by a link to that folder, and the data file gone: its outputs are "stale".
    rmSync(path.join(dir, "out/2013"), { recursive: true });
    symlinkSync(outside, path.join(dir, "out/2013"));
    variant(dir, "55555555", "data/2013/72302000.json");
    const r = build(dir);
    expect(existsSync(path.join(outside, "72302000.pdf"))).toBe(true);
    expect(existsSync(path.join(outside, "72302000.xlsx"))).toBe(true);
    expect(existsSync(path.join(outside, "55555555.pdf"))).toBe(false);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("ignores, with a warning, manifest entries that point outside; sets aside a broken manifest", () => {
    const dir = project();
    expect(build(dir).status).toBe(0);
    const victim = path.join(tempDir(), "victim.pdf");
    writeFileSync(victim, "precious");
    const manifest = path.join(dir, "out/.hyoka/manifest.json");
    const body = JSON.parse(readFileSync(manifest, "utf8"));
    body.entries.push({
      ...body.entries[0],
      input: "../gone.json",
      outputs: [{ path: victim, sha256: hashOf(victim), bytes: 8 }],
    });
    writeFileSync(manifest, JSON.stringify(body));
    const r = build(dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/警告: 記録 entries\[1\] を無視します/);
    expect(readFileSync(victim, "utf8")).toBe("precious");

    writeFileSync(manifest, '{"version": 2, "entries": "nope"}');
    const again = build(dir);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain("退避");
    expect(again.stdout).toMatch(/作成 1 件/);
    // Rebuilt: the next one skips again.
    expect(build(dir).stdout).toMatch(/変更なしで省略 1 件/);
  });

  it("says a skipped sheet's warnings again", () => {
    const dir = project();
    const data = JSON.parse(seedText());
    const item = "区役所の窓口サービスの見直しに向けて、関係局と連携しながら検討を進めました。".repeat(6);
    data.results.achievements.items = Array.from({ length: 20 }, () => item);
    writeFileSync(path.join(dir, "data/2013/72302000.json"), JSON.stringify(data, null, 2));
    const first = build(dir);
    expect(first.stderr).toMatch(/^data\/2013\/72302000\.json: 警告 .*PDF が \d+ ページになりました/m);
    const second = build(dir);
    expect(second.stdout).toMatch(/変更なしで省略 1 件、警告 1 件/);
    expect(second.stderr).toMatch(/^data\/2013\/72302000\.json: 警告 .*PDF が \d+ ページになりました/m);
  });
});

describe("year-level outputs agree with the build", () => {
  it("removes the outputs of a sheet that now fails, and a year's summary when all its sheets fail", () => {
    const dir = project();
    expect(build(dir).status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/summary.xlsx"))).toBe(true);
    writeFileSync(
      path.join(dir, "data/2013/72302000.json"),
      seedText().replace('"division": ', '"divison": '),
    );
    const r = build(dir);
    expect(r.status).toBe(1);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/72302000.xlsx"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/summary.xlsx"))).toBe(false);
  });

  it("leaves duplicates out of build, validate and summary alike", () => {
    const dir = project();
    variant(dir, "72302000", "data/2013/copy.json");
    variant(dir, "60000000");
    const built = build(dir);
    expect(built.status).toBe(1);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/60000000.pdf"))).toBe(true);
    const validated = runCli(["validate"], { cwd: dir });
    expect(validated.status).toBe(1);
    expect(validated.stderr).toMatch(/data\/2013\/copy\.json: エラー .*72302000 のシートが複数あります/);
    expect(validated.stdout).toContain("1 件が有効、2 件が無効です");
    const summary = runCli(["summary", "--out", "s"], { cwd: dir });
    expect(summary.status).toBe(1);
    expect(summary.stdout).toContain("集計に 1 件、除外 2 件");
    expect(
      readFileSync(path.join(dir, "s/2013/summary.xlsx")).equals(
        readFileSync(path.join(dir, "out/2013/summary.xlsx")),
      ),
    ).toBe(true);
  });

  it("validate and summary refuse a character no font can draw, as build does", () => {
    const dir = project();
    writeFileSync(
      path.join(dir, "data/2013/72302000.json"),
      seedText().replace('"division": "', '"division": "\u{13000}'),
    );
    const validated = runCli(["validate"], { cwd: dir });
    expect(validated.status).toBe(1);
    expect(validated.stderr).toMatch(/72302000\.json:\d+:\d+: エラー \[作成課\].*U\+13000/);
    const summary = runCli(["summary"], { cwd: dir });
    expect(summary.status).toBe(1);
    expect(existsSync(path.join(dir, "out/2013/summary.xlsx"))).toBe(false);
    const built = build(dir);
    expect(built.status).toBe(1);
    expect(built.stderr).toMatch(/U\+13000/);
  });
});
