/**
 * Cases a hostile tester found after the first round of the trust fixes: each ran as shown before its fix and
 * lost, touched or mis-reported files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, seedProject, seedText, tempDir } from "../helpers.js";

const CI = { env: { CI: "true" } };

const project = seedProject;

describe("hostile cases of the bookkeeping", () => {
  it("refuses an out/.hyoka that is a link, touching nothing where it points", () => {
    const dir = project();
    const elsewhere = path.join(dir, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, "lock"), "USER LOCK");
    writeFileSync(path.join(elsewhere, "manifest.json"), "garbage");
    writeFileSync(path.join(elsewhere, "manifest.json.invalid"), "PRECIOUS");
    mkdirSync(path.join(dir, "out"));
    symlinkSync(elsewhere, path.join(dir, "out/.hyoka"));
    for (const command of ["build", "summary", "book"]) {
      const r = runCli([command], { cwd: dir, ...CI });
      expect(r.status, command).toBe(2);
      expect(r.stderr).toContain(".hyoka がフォルダではありません");
    }
    expect(readFileSync(path.join(elsewhere, "lock"), "utf8")).toBe("USER LOCK");
    expect(readFileSync(path.join(elsewhere, "manifest.json"), "utf8")).toBe("garbage");
    expect(readFileSync(path.join(elsewhere, "manifest.json.invalid"), "utf8")).toBe("PRECIOUS");
  });

  it("removes the old outputs of a sheet whose code changed", () => {
    const dir = project();
    expect(runCli(["build"], { cwd: dir, ...CI }).status).toBe(0);
    writeFileSync(
      path.join(dir, "data/2013/72302000.json"),
      seedText().replace('"code": "72302000"', '"code": "72302001"'),
    );
    expect(runCli(["build"], { cwd: dir, ...CI }).status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/72302001.pdf"))).toBe(true);
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(false);
    expect(existsSync(path.join(dir, "out/2013/72302000.xlsx"))).toBe(false);
  });

  it("builds the valid one of two files with one code when the other is invalid, as validate and summary say", () => {
    const dir = project();
    const bad = JSON.parse(seedText());
    bad.division = 123;
    writeFileSync(path.join(dir, "data/2013/b.json"), JSON.stringify(bad));
    const built = runCli(["build"], { cwd: dir, ...CI });
    expect(built.status).toBe(1);
    expect(built.stderr).toMatch(/b\.json:\d+:\d+: エラー \[作成課\]/);
    expect(built.stderr).not.toContain("複数あります");
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
    expect(existsSync(path.join(dir, "out/2013/summary.xlsx"))).toBe(true);
    expect(runCli(["validate"], { cwd: dir }).stdout).toContain("1 件が有効、1 件が無効です");
  });

  it("builds a sheet of evaluation year 2099 (its workbook's zip dates end in 2099), as validate promised", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "data/2099"), { recursive: true });
    const data = JSON.parse(seedText());
    data.evaluationYear = 2099;
    data.plan = { ...data.plan, startYear: 2099, endYear: 2099 };
    data.results.evaluation.grades = [{ year: 2099, grade: "B" }];
    data.indicators = [{ ...data.indicators[0], years: [{ year: 2099, plan: 1, actual: 1 }] }];
    data.budget = { years: [{ year: 2099, amounts: [{ kind: "予算", amount: 1 }] }] };
    writeFileSync(path.join(dir, "data/2099/72302000.json"), JSON.stringify(data));
    expect(runCli(["validate"], { cwd: dir }).status).toBe(0);
    const built = runCli(["build"], { cwd: dir, ...CI });
    expect(built.stderr).not.toMatch(/エラー|error/);
    expect(built.status).toBe(0);
    data.evaluationYear = 2200;
    writeFileSync(path.join(dir, "data/2099/72302000.json"), JSON.stringify(data));
    expect(runCli(["validate"], { cwd: dir }).status).toBe(1);
  });

  it("refuses an --out inside the default data folder, also for a file named outright", () => {
    const dir = project();
    const r = runCli(["build", "data/2013/72302000.json", "--out", "data/out"], { cwd: dir, ...CI });
    expect(r.status).toBe(2);
    expect(existsSync(path.join(dir, "data/out"))).toBe(false);
  });

  it("does not read hyoka.config.json through a link", () => {
    const dir = project();
    const real = path.join(tempDir(), "config.json");
    writeFileSync(real, JSON.stringify({ book: { title: "題", issuer: "市" } }));
    symlinkSync(real, path.join(dir, "hyoka.config.json"));
    const r = runCli(["book"], { cwd: dir, ...CI });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("シンボリックリンクは読みません");
  });
});

describe("files hyoka did not write are never replaced", () => {
  it("leaves a user's summary.xlsx and report.json where hyoka would write, and says so", () => {
    const dir = project();
    mkdirSync(path.join(dir, "out/2013"), { recursive: true });
    writeFileSync(path.join(dir, "out/2013/summary.xlsx"), "MINE");
    writeFileSync(path.join(dir, "out/report.json"), "MINE TOO");
    const r = runCli(["build"], { cwd: dir, ...CI });
    expect(r.status).toBe(1);
    expect(readFileSync(path.join(dir, "out/2013/summary.xlsx"), "utf8")).toBe("MINE");
    expect(readFileSync(path.join(dir, "out/report.json"), "utf8")).toBe("MINE TOO");
    expect(r.stderr).toContain("2013/summary.xlsx は hyoka が書いたものではない");
    expect(r.stderr).toContain("report.json は hyoka が書いたものではない");
    expect(existsSync(path.join(dir, "out/2013/72302000.pdf"))).toBe(true);
  });

  it("keeps a workbook edited by hand when the data changes, failing that sheet with the reason", () => {
    const dir = project();
    expect(runCli(["build"], { cwd: dir, ...CI }).status).toBe(0);
    writeFileSync(path.join(dir, "out/2013/72302000.xlsx"), "edited by hand");
    writeFileSync(
      path.join(dir, "data/2013/72302000.json"),
      seedText().replace('"division": "', '"division": "新'),
    );
    const r = runCli(["build"], { cwd: dir, ...CI });
    expect(r.status).toBe(1);
    expect(readFileSync(path.join(dir, "out/2013/72302000.xlsx"), "utf8")).toBe("edited by hand");
    expect(r.stderr).toContain("2013/72302000.xlsx は hyoka が書いたものではない");
    // Its own files are replaced as before; once the edited one is moved away, the sheet builds.
    writeFileSync(
      path.join(dir, "out/2013/72302000.xlsx.mine"),
      readFileSync(path.join(dir, "out/2013/72302000.xlsx")),
    );
    rmSync(path.join(dir, "out/2013/72302000.xlsx"));
    expect(runCli(["build"], { cwd: dir, ...CI }).status).toBe(0);
  });

  it("replaces what it wrote itself, after an upgrade from the first manifest format too", () => {
    const dir = project();
    expect(runCli(["build"], { cwd: dir, ...CI }).status).toBe(0);
    const manifest = path.join(dir, "out/.hyoka/manifest.json");
    const now = JSON.parse(readFileSync(manifest, "utf8"));
    const legacy = {
      version: 1,
      entries: Object.fromEntries(
        now.entries.map((e: { input: string; outputs: unknown[] }) => [
          e.input.replace(/^\.\.\//, ""),
          { ...e, input: e.input.replace(/^\.\.\//, "") },
        ]),
      ),
    };
    writeFileSync(manifest, JSON.stringify(legacy));
    rmSync(path.join(dir, "out/report.json"));
    rmSync(path.join(dir, "out/2013/summary.xlsx"));
    const r = runCli(["build"], { cwd: dir, ...CI });
    expect(r.stderr).not.toContain("hyoka が書いたものではない");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("作成 1 件");
  });

  it("book leaves a book.pdf it did not write", () => {
    const dir = project();
    mkdirSync(path.join(dir, "out/2013"), { recursive: true });
    writeFileSync(path.join(dir, "out/2013/book.pdf"), "MINE");
    const r = runCli(["book"], { cwd: dir, ...CI });
    expect(r.status).toBe(1);
    expect(readFileSync(path.join(dir, "out/2013/book.pdf"), "utf8")).toBe("MINE");
    rmSync(path.join(dir, "out/2013/book.pdf"));
    expect(runCli(["book"], { cwd: dir, ...CI }).status).toBe(0);
    // Its own book it replaces.
    expect(runCli(["book"], { cwd: dir, ...CI }).status).toBe(0);
  });
});

describe("year-level files of years a build does not touch", () => {
  it("keeps a book made before any build of its year, when another year is built", () => {
    const dir = project();
    expect(runCli(["book"], { cwd: dir, ...CI }).status).toBe(0);
    mkdirSync(path.join(dir, "data/2014"));
    const data = JSON.parse(seedText());
    data.evaluationYear = 2014;
    data.plan.endYear = 2014;
    data.results.evaluation.grades.push({ year: 2014, grade: "B" });
    writeFileSync(path.join(dir, "data/2014/72302000.json"), JSON.stringify(data));
    const built = runCli(["build", "data/2014/72302000.json"], { cwd: dir, ...CI });
    expect(built.stderr).not.toMatch(/エラー/);
    expect(built.status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/book.pdf"))).toBe(true);
  });
});
