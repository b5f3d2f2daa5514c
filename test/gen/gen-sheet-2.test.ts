/** Sample sheets of 施策進行管理・評価表(2): valid, deterministic, clearly samples, 2–19 projects; hard: 19 long. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSheets, SAMPLE_MARK, sheetJson } from "../../scripts/gen-lib.js";
import {
  type CompanionOf,
  companionSheet2,
  generateSheet2,
  MAX_SAMPLE_PROJECTS,
} from "../../scripts/gen-sheet-2.js";
import form from "../../templates/sheet-2/index.js";
import { ROOT, tempDir } from "../helpers.js";

describe("generateSheet2", () => {
  const sheets = generateSheet2({ count: 120, seed: 5 });

  it("makes sheets that all pass the form's schema, with sample codes (9xxxxxxx)", () => {
    for (const s of sheets) {
      const r = form.schema.safeParse(JSON.parse(sheetJson(s.data)));
      expect(r.success, `${s.path}: ${JSON.stringify(r.error?.issues[0])}`).toBe(true);
      expect(s.data.measure.code).toMatch(/^9\d{7}$/);
      expect(s.data.measure.name?.endsWith(SAMPLE_MARK)).toBe(true);
      expect(s.path).toBe(`${s.data.evaluationYear}/${s.data.measure.code}-2.json`);
    }
    expect(new Set(sheets.map((s) => s.path)).size).toBe(sheets.length);
  });

  it("lists 2 to 19 projects, and reaches both ends", () => {
    const counts = sheets.map((s) => s.data.projects.length);
    expect(Math.min(...counts)).toBe(2);
    expect(Math.max(...counts)).toBe(MAX_SAMPLE_PROJECTS);
  });

  it("gives the same bytes for a seed, and sheet i whatever the count", () => {
    const again = generateSheet2({ count: 10, seed: 5 });
    expect(again.map((s) => sheetJson(s.data))).toEqual(sheets.slice(0, 10).map((s) => sheetJson(s.data)));
  });

  it("hard: 19 projects with long texts and rare kanji, still valid", () => {
    const hard = generateSheet2({ count: 5, seed: 5, profile: "hard" });
    for (const s of hard) {
      expect(form.schema.safeParse(s.data).success).toBe(true);
      expect(s.data.projects).toHaveLength(MAX_SAMPLE_PROJECTS);
      expect(Math.max(...s.data.projects.map((p) => p.outline.length))).toBeGreaterThan(800);
      expect(sheetJson(s.data)).toMatch(/[𠮷髙﨑鷗齋邉濵]/u);
    }
  });
});

describe("companionSheet2 (`npm run gen -- --form both`)", () => {
  it("gives each 評価票(1) with projects its 評価表(2): same measure, year, plan and groups, its projects by name (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom("realistic", "hard"),
        (seed, profile) => {
          const hard = profile === "hard";
          for (const [i, first] of generateSheets({
            count: 3,
            seed,
            profile: profile as "realistic",
          }).entries()) {
            const of = first.data as CompanionOf;
            const second = companionSheet2(of, seed, i, hard);
            if ((of.projects ?? []).length === 0) {
              expect(second).toBeUndefined();
              continue;
            }
            if (!second) throw new Error("no companion");
            const r = form.schema.safeParse(JSON.parse(sheetJson(second.data)));
            expect(r.success, JSON.stringify(r.error?.issues[0])).toBe(true);
            expect(second.path).toBe(first.path.replace(/\.json$/, "-2.json"));
            expect(second.data.measure).toEqual({ code: of.measure.code, name: of.measure.name });
            expect(second.data.evaluationYear).toBe(of.evaluationYear);
            expect([second.data.basicPolicy, second.data.basicMeasure]).toEqual([
              of.basicPolicy,
              of.basicMeasure,
            ]);
            expect(second.data.plan).toEqual(of.plan);
            expect(second.data.projects.map((p) => p.name)).toEqual(
              (of.projects ?? []).slice(0, 40).map((p) => p.name),
            );
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("through npm run gen: --form both writes <code>.json and <code>-2.json per measure", () => {
    const dir = tempDir();
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "dist/scripts/gen.js"), "--count", "3", "--seed", "4", "--out", "g", "--form", "both"],
      { cwd: dir, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("valid sheet-1 and sheet-2 sheets");
    const files = readdirSync(path.join(dir, "g"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".json"));
    const firsts = files.filter((f) => !f.endsWith("-2.json"));
    expect(firsts).toHaveLength(3);
    for (const f of files.filter((f) => f.endsWith("-2.json")))
      expect(firsts).toContain(f.replace("-2.json", ".json"));
  });
});
