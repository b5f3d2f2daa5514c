/** Sample sheets of 施策進行管理・評価表(2): valid, deterministic, clearly samples, 2–19 projects; hard: 19 long. */
import { describe, expect, it } from "vitest";
import { sheetJson } from "../../scripts/gen-lib.js";
import { generateSheet2, MAX_SAMPLE_PROJECTS } from "../../scripts/gen-sheet-2.js";
import form from "../../templates/sheet-2/index.js";

describe("generateSheet2", () => {
  const sheets = generateSheet2({ count: 120, seed: 5 });

  it("makes sheets that all pass the form's schema, with sample codes (9xxxxxxx)", () => {
    for (const s of sheets) {
      const r = form.schema.safeParse(JSON.parse(sheetJson(s.data)));
      expect(r.success, `${s.path}: ${JSON.stringify(r.error?.issues[0])}`).toBe(true);
      expect(s.data.measure.code).toMatch(/^9\d{7}$/);
      expect(s.path).toBe(`${s.data.evaluationYear}/${s.data.measure.code}.json`);
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
