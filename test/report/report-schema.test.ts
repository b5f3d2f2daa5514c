/**
 * report.json is versioned and described by schemas/report.schema.json: real reports (a whole build with a bad
 * sheet, a sharded build's, and the report merged from them) are checked against it; `hyoka report merge`
 * combines the shards' reports and names a missing shard.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { REPORT_FORMAT_VERSION } from "../../src/report/report-json.js";
import { mergeReports } from "../../src/report/report-merge.js";
import { ROOT, runCli, seedProject, seedText, seedVariant } from "../helpers.js";

const schema = JSON.parse(readFileSync(path.join(ROOT, "schemas/report.schema.json"), "utf8"));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const CI = { env: { CI: "true" } };

function expectValid(file: string): Record<string, unknown> {
  const report = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const ok = validate(report);
  expect(ok, `${file}: ${JSON.stringify(validate.errors, null, 2)}`).toBe(true);
  return report;
}

/** Three sheets: the seed, a variant, and a copy with a schema error. */
function project(): string {
  const dir = seedProject();
  seedVariant(dir, "72302001");
  writeFileSync(
    path.join(dir, "data/2013/72302002.json"),
    seedText()
      .replace('"code": "72302000"', '"code": "72302002"')
      .replace('"plan": 19, "actual": 19', '"plan": 19, "actual": "19"'),
  );
  return dir;
}

describe("report.json against its schema", () => {
  it("a whole build's, a sharded build's and the merged report validate; the merge adds up the shards", () => {
    const dir = project();
    const whole = runCli(["build", "-j", "1", "--out", "whole"], { cwd: dir, ...CI });
    expect(whole.status).toBe(1);
    const report = expectValid(path.join(dir, "whole/report.json"));
    expect(report.formatVersion).toBe(REPORT_FORMAT_VERSION);
    const sheets = report.sheets as { status: string; errors: { line?: number }[] }[];
    expect(sheets.find((s) => s.status === "failed")?.errors[0]?.line).toBeGreaterThan(1);

    for (const shard of ["1/2", "2/2"])
      runCli(["build", "-j", "1", "--shard", shard, "--out", "sharded"], { cwd: dir, ...CI });
    const shards = ["report.shard-1-of-2.json", "report.shard-2-of-2.json"].map((n) =>
      expectValid(path.join(dir, "sharded", n)),
    );
    const merge = runCli(["report", "merge", "--out", "sharded"], { cwd: dir });
    expect(merge.stderr).toBe("");
    expect(merge.status).toBe(0);
    expect(merge.stdout).toContain("分割 2 件の報告をまとめました: 作成 2 件、省略 0 件、失敗 1 件");
    const merged = expectValid(path.join(dir, "sharded/report.json"));
    expect(merged.shard).toBeNull();
    expect(merged.merged).toMatchObject({
      missing: [],
      shards: [{ shard: { index: 1 } }, { shard: { index: 2 } }],
    });
    expect((merged.sheets as { input: string }[]).map((s) => s.input)).toEqual(
      (report.sheets as { input: string }[]).map((s) => s.input),
    );
    expect(merged.counts).toEqual(
      Object.fromEntries(
        Object.keys(report.counts as object).map((k) => [
          k,
          shards.reduce((sum, s) => sum + ((s.counts as Record<string, number>)[k] ?? 0), 0),
        ]),
      ),
    );

    // A shard's report that is missing is named (exit 1); the merged report is still written, and valid.
    rmSync(path.join(dir, "sharded/report.shard-2-of-2.json"));
    const partial = runCli(["report", "merge", "--out", "sharded", "--json"], { cwd: dir });
    expect(partial.status).toBe(1);
    expect(partial.stdout).toContain('"code":"report-merge"');
    expect(partial.stdout).toContain("分割 2 の報告がありません");
    expect(expectValid(path.join(dir, "sharded/report.json")).merged).toMatchObject({ missing: [2] });
  });
});

describe("mergeReports", () => {
  const shard = (index: number, count: number, extra: Record<string, unknown> = {}) => ({
    formatVersion: REPORT_FORMAT_VERSION,
    hyoka: "0.1.0",
    shard: { index, count },
    interrupted: false,
    seconds: index,
    counts: { built: 1, skipped: 0, failed: 0, warnings: 0, notStarted: 0, removedOutputs: 0 },
    summaries: [],
    sheets: [],
    ...extra,
  });

  it("refuses reports of another format or another split, and a report given twice", () => {
    const { report, problems } = mergeReports([
      { name: "report.shard-1-of-3.json", body: shard(1, 3) },
      { name: "report.shard-2-of-3.json", body: shard(2, 3, { formatVersion: 99 }) },
      { name: "report.shard-2-of-4.json", body: shard(2, 4) },
      { name: "b.json", body: shard(1, 3) },
      { name: "report.json", body: { ...shard(1, 3), shard: null } },
    ]);
    expect(problems.map((p) => p.file)).toEqual([
      "report.shard-2-of-3.json",
      "report.json",
      "b.json",
      "report.shard-2-of-4.json",
      "report.shard-K-of-3.json",
    ]);
    expect(problems[0]?.message.en).toContain("report format 99 is not supported");
    expect(report.merged?.missing).toEqual([2, 3]);
    expect(report.counts.built).toBe(1);
    expect(report.seconds).toBe(1);
  });
});
