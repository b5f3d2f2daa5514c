/** `hyoka build` end to end, on real data, with the compiled CLI. */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import { TEMP_SUFFIX } from "../../src/write/atomic.js";
import { runCli, SEED_JSON, seedProject, seedText, seedVariant, tempDir } from "../helpers.js";

const project = seedProject;

const variant = seedVariant;

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

interface ReportSheet {
  input: string;
  status: string;
  outputs: { path: string; sha256: string; bytes: number }[];
  errors: { code: string; message: string }[];
  timingsMs: Record<string, number>;
}

/** Every output report.json lists is on disk with exactly those bytes. */
function expectOutputsMatch(out: string, sheets: readonly ReportSheet[]): void {
  for (const sheet of sheets) {
    for (const o of sheet.outputs) {
      const bytes = readFileSync(path.join(out, o.path));
      expect(sha256(bytes), o.path).toBe(o.sha256);
      expect(bytes.length, o.path).toBe(o.bytes);
    }
  }
}

describe("hyoka build", () => {
  it("writes the PDF, the workbook, the summary and report.json; a second run skips", () => {
    const dir = project();
    const r = runCli(["build", "--jobs", "1"], { cwd: dir, env: { CI: "true" } });
    expect(r.stderr).not.toContain("エラー");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("作成 1 件");
    const out = path.join(dir, "out");
    expect(files(out)).toEqual(
      expect.arrayContaining(["2013/72302000.pdf", "2013/72302000.xlsx", "2013/summary.xlsx", "report.json"]),
    );
    expect(readFileSync(path.join(out, "2013/72302000.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"));
    expect(report.sheets[0]).toMatchObject({ input: "data/2013/72302000.json", status: "built", year: 2013 });
    expect(report.sheets[0].outputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.sheets[0].outputs.map((o: { path: string }) => o.path)).toEqual([
      "2013/72302000.pdf",
      "2013/72302000.xlsx",
    ]);
    expectOutputsMatch(out, report.sheets);
    expect(report.sheets[0].timingsMs).toHaveProperty("write");

    const again = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("作成 0 件、変更なしで省略 1 件");
    const forced = runCli(["build", "--force"], { cwd: dir, env: { CI: "true" } });
    expect(forced.stdout).toContain("作成 1 件");
  });

  it("makes each year's summary (in a worker) exactly as hyoka summary makes it", () => {
    const dir = project();
    variant(dir, "72302001");
    mkdirSync(path.join(dir, "data/2012"), { recursive: true });
    writeFileSync(
      path.join(dir, "data/2012/72302000.json"),
      seedText().replace('"evaluationYear": 2013', '"evaluationYear": 2012'),
    );
    const built = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(built.status).toBe(0);
    const alone = runCli(["summary", "--out", "alone"], { cwd: dir, env: { CI: "true" } });
    expect(alone.status).toBe(0);
    for (const year of ["2012", "2013"]) {
      const fromBuild = readFileSync(path.join(dir, "out", year, "summary.xlsx"));
      const fromSummary = readFileSync(path.join(dir, "alone", year, "summary.xlsx"));
      expect(fromBuild.subarray(0, 2).toString(), year).toBe("PK");
      expect(fromBuild.equals(fromSummary), year).toBe(true);
    }
    const report = JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8"));
    expect(report.summaries.map((s: { path: string }) => s.path)).toEqual([
      "2012/summary.xlsx",
      "2013/summary.xlsx",
    ]);
  });

  it("builds the good sheets when some are bad, and exits 1", () => {
    const dir = project();
    writeFileSync(
      path.join(dir, "data/2013/broken.json"),
      seedText().replace('"evaluationYear": 2013', '"evaluationYear": "2013"'),
    );
    const r = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("data/2013/broken.json:");
    expect(r.stderr).toContain("[評価年度]");
    expect(r.stdout).toContain("作成 1 件");
    expect(r.stdout).toContain("失敗 1 件");
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
  });

  it("makes an output that cannot be written that sheet's error, and builds the others", () => {
    const dir = project();
    for (const code of ["44444441", "44444442", "44444443"]) variant(dir, code);
    // A folder where 72302000.pdf should go: not hyoka's, so it is not replaced (and the rename could not).
    mkdirSync(path.join(dir, "out/2013/72302000.pdf/in-the-way"), { recursive: true });
    const r = runCli(["build", "--jobs", "2"], { cwd: dir, env: { CI: "true" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^data\/2013\/72302000\.json: エラー.*2013\/72302000\.pdf は hyoka が書いたものではない/m,
    );
    expect(r.stdout).toContain("作成 3 件");
    expect(r.stdout).toContain("失敗 1 件");
    const out = path.join(dir, "out");
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"));
    const sheets = report.sheets as ReportSheet[];
    const bad = sheets.find((s) => s.input === "data/2013/72302000.json");
    expect(bad?.status).toBe("failed");
    expect(bad?.errors.map((e) => e.code)).toEqual(["output-foreign"]);
    // Only what was written is listed: the workbook, not the PDF.
    expect(bad?.outputs.map((o) => o.path)).toEqual(["2013/72302000.xlsx"]);
    for (const s of sheets.filter((s) => s !== bad)) {
      expect(s.status, s.input).toBe("built");
      expect(s.outputs, s.input).toHaveLength(2);
    }
    expectOutputsMatch(out, sheets);
    expect(files(out).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
    // The failed sheet is not recorded as built: once the way is clear, the next build makes it.
    rmSync(path.join(out, "2013/72302000.pdf"), { recursive: true });
    const again = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("作成 1 件、変更なしで省略 3 件");
  });

  it("refuses two files with the same measure code and year, naming both", () => {
    const dir = project();
    copyFileSync(SEED_JSON, path.join(dir, "data/2013/copy.json"));
    variant(dir, "11111111");
    const r = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("data/2013/72302000.json, data/2013/copy.json");
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/11111111.pdf"))).toBe(true);
  });

  it("refuses a symbolic link to a file outside the data folder, with the reason", () => {
    const dir = project();
    const outside = tempDir();
    writeFileSync(
      path.join(outside, "x.json"),
      seedText().replace('"code": "72302000"', '"code": "22222222"'),
    );
    symlinkSync(path.join(outside, "x.json"), path.join(dir, "data/2013/x.json"));
    const r = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(r.stderr).toContain("data/2013/x.json: 読み飛ばし:");
    expect(r.stderr).toContain("外にある");
    expect(existsSync(path.join(dir, "out/2013/22222222.pdf"))).toBe(false);
  });

  it("says clearly when a pattern matches nothing", () => {
    const r = runCli(["build", "nope/*.json"], { cwd: project() });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("一致するファイルがありません");
  });

  it("removes the outputs of a deleted data file on the next full build", () => {
    const dir = project();
    const name = variant(dir, "33333333");
    expect(runCli(["build"], { cwd: dir, env: { CI: "true" } }).status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/33333333.pdf"))).toBe(true);
    rmSync(path.join(dir, name));
    expect(runCli(["build"], { cwd: dir, env: { CI: "true" } }).status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/33333333.pdf"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/33333333.xlsx"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
  });

  it("splits the sheets into stable shards that together make the whole", () => {
    const dir = project();
    for (const code of ["40000001", "40000002", "40000003", "40000004", "40000005"]) variant(dir, code);
    const built = (shard: string) => {
      const r = runCli(["build", "--shard", shard, "--out", `out-${shard.replace("/", "-")}`], {
        cwd: dir,
        env: { CI: "true" },
      });
      expect(r.status).toBe(0);
      return files(path.join(dir, `out-${shard.replace("/", "-")}`)).filter((f) => f.endsWith(".pdf"));
    };
    const a = built("1/2");
    const b = built("2/2");
    expect([...a, ...b].sort()).toHaveLength(6);
    expect(a.filter((f) => b.includes(f))).toEqual([]);
    expect(built("1/2")).toEqual(a);
    expect(runCli(["build", "--shard", "3/2"], { cwd: dir }).status).toBe(2);
  });

  it("reports a sheet over the page budget with its file and section, and still builds it", () => {
    const dir = project();
    const data = JSON.parse(seedText());
    const item = "区役所の窓口サービスの見直しに向けて、関係局と連携しながら検討を進めました。".repeat(6);
    data.results.achievements.items = Array.from({ length: 20 }, () => item);
    writeFileSync(path.join(dir, "data/2013/72302000.json"), JSON.stringify(data, null, 2));
    const r = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^data\/2013\/72302000\.json: 警告 \[<成果の説明>\] PDF が \d+ ページになりました/m,
    );
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
  });

  it("gives byte-identical outputs in two processes and time zones", () => {
    const dir = project();
    expect(runCli(["build", "--out", "a"], { cwd: dir, env: { TZ: "UTC", CI: "true" } }).status).toBe(0);
    expect(runCli(["build", "--out", "b"], { cwd: dir, env: { TZ: "Asia/Tokyo", CI: "true" } }).status).toBe(
      0,
    );
    for (const f of ["2013/72302000.pdf", "2013/72302000.xlsx", "2013/summary.xlsx"]) {
      expect(readFileSync(path.join(dir, "a", f)).equals(readFileSync(path.join(dir, "b", f))), f).toBe(true);
    }
  });
});
