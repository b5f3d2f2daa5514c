/**
 * The forms of one measure and year list the same projects: a project one lists and the other does not is a
 * warning on both files, naming the other, from validate and from build alike.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { memberMismatches } from "../../src/pipeline/members.js";
import { ROOT, runCli, seedProject } from "../helpers.js";

const identity = (formId: string, members?: string[]) => ({ formId, year: 2013, code: "72302000", members });

describe("memberMismatches", () => {
  it("warns each sheet of what the other form of its measure lists and it does not", () => {
    const found = memberMismatches(
      [
        { file: "a.json", identity: identity("one", ["甲", "乙"]) },
        { file: "b.json", identity: identity("two", ["乙", "丙", " 甲 "]) },
      ],
      "ja",
    );
    expect(found.get("a.json")?.map((d) => d.message)).toEqual([
      "施策課題 72302000(2013年度)の b.json に載っている次の事務事業が、このシートにありません: 丙",
    ]);
    expect(found.get("b.json")).toBeUndefined();
    expect(found.get("a.json")?.[0]?.severity).toBe("warning");
  });

  it("says nothing for one form, other measures, other years, or a form that lists no members", () => {
    expect(
      memberMismatches(
        [
          { file: "a.json", identity: identity("one", ["甲"]) },
          { file: "b.json", identity: { ...identity("two", ["乙"]), code: "1" } },
          { file: "c.json", identity: { ...identity("two", ["乙"]), year: 2012 } },
          { file: "d.json", identity: identity("three") },
        ],
        "en",
      ).size,
    ).toBe(0);
  });
});

describe("forms of one measure, from the CLI", () => {
  /** The seed (sheet-1, one project) and a sheet-2 of the same measure and year listing another project too. */
  function project(): string {
    const dir = seedProject();
    const example = JSON.parse(readFileSync(path.join(ROOT, "test/fixtures/sheet-2-62401000.json"), "utf8"));
    const seed = JSON.parse(readFileSync(path.join(dir, "data/2013/72302000.json"), "utf8"));
    const [project] = example.projects;
    const years = (texts: string[]) => texts.map((text, i) => ({ year: 2011 + i, text }));
    const sheet2 = {
      ...example,
      evaluationYear: 2013,
      measure: { code: "72302000" },
      plan: { startYear: 2011, endYear: 2013 },
      projects: [seed.projects[0].name, "区民祭開催事業"].map((name) => ({
        ...project,
        name,
        targets: { ...project.targets, years: years(["継続実施", "継続実施", "継続実施"]) },
        results: { years: years(["実施", "実施", "実施"]) },
      })),
    };
    mkdirSync(path.join(dir, "data/2013"), { recursive: true });
    writeFileSync(path.join(dir, "data/2013/72302000-2.json"), JSON.stringify(sheet2, null, 2));
    return dir;
  }

  it("validate and build both warn on the sheet that lacks a project, naming the other file; both build", () => {
    const dir = project();
    const checked = runCli(["validate"], { cwd: dir });
    expect(checked.status, checked.stderr).toBe(0);
    const warning =
      "data/2013/72302000-2.json に載っている次の事務事業が、このシートにありません: 区民祭開催事業";
    expect(checked.stdout + checked.stderr).toContain(warning);
    const built = runCli(["build", "--jobs", "1"], { cwd: dir, env: { CI: "true" } });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout + built.stderr).toContain(warning);
    const report = JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8")) as {
      results: { input?: string; file?: string; warnings?: unknown[]; diagnostics?: unknown[] }[];
    };
    expect(JSON.stringify(report)).toContain("members-differ");
    for (const name of [
      "2013/72302000.pdf",
      "2013/72302000-2.pdf",
      "2013/72302000.xlsx",
      "2013/72302000-2.xlsx",
    ])
      expect(() => readFileSync(path.join(dir, "out", name)), name).not.toThrow();
  });
});
