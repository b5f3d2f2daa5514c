/** The sample-data generator: every sheet it makes is valid, the same seed gives the same bytes, and the data
 * varies the way real sheets do (indicator counts, policies, lengths). */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  type GeneratedSheet,
  generateSheets,
  groupDigits,
  planFor,
  SAMPLE_MARK,
  schemaRef,
  sheetJson,
  textLength,
  writeSheets,
} from "../../scripts/gen-lib.js";
import { FormRegistry } from "../../src/forms/registry.js";
import { isProblem, parseJson } from "../../src/load/parse-json.js";
import { validateSheet } from "../../src/validate/validate-sheet.js";
import { LIMITS } from "../../templates/sheet-1/schema.js";
import { ROOT, seedData } from "../helpers.js";

let registry: FormRegistry;
let schema: z.ZodType;
beforeAll(async () => {
  registry = await FormRegistry.load();
  const form = registry.get("sheet-1");
  if (!form) throw new Error("sheet-1 is not registered");
  schema = form.schema;
});

function issuesOf(sheets: GeneratedSheet[]): string[] {
  const out: string[] = [];
  for (const s of sheets) {
    // Round-trip through the written text, as the CLI and the validator see it.
    const r = schema.safeParse(JSON.parse(sheetJson(s.data)));
    if (!r.success) out.push(`${s.path}: ${JSON.stringify(r.error.issues[0])}`);
  }
  return out;
}

describe("generateSheets", () => {
  const sheets = generateSheets({ count: 200, seed: 1 });

  it("makes 200 sheets that all pass the form's schema", () => {
    expect(sheets).toHaveLength(200);
    expect(issuesOf(sheets)).toEqual([]);
  });

  it("marks every sheet as a sample where it is printed: the measure's name", () => {
    for (const s of sheets) expect(s.data.measure.name.endsWith(SAMPLE_MARK), s.path).toBe(true);
    for (const s of generateSheets({ count: 5, seed: 1, profile: "hard" }))
      expect(s.data.measure.name.endsWith(SAMPLE_MARK)).toBe(true);
  });

  it("passes the full validate stage (parse with positions, then validateSheet) without diagnostics", () => {
    for (const s of sheets.slice(0, 40)) {
      const text = sheetJson(s.data);
      const json = parseJson(text);
      if (isProblem(json)) throw new Error(`${s.path}: ${json.message.en}`);
      const result = validateSheet(registry, { file: s.path, bytes: Buffer.from(text), json }, "en");
      expect(result.diagnostics, s.path).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  it("is deterministic: the same seed gives identical JSON, another seed different JSON", () => {
    const again = generateSheets({ count: 200, seed: 1 });
    expect(again.map((s) => s.path)).toEqual(sheets.map((s) => s.path));
    expect(again.map((s) => sheetJson(s.data))).toEqual(sheets.map((s) => sheetJson(s.data)));
    const other = generateSheets({ count: 200, seed: 2 });
    expect(other.map((s) => sheetJson(s.data))).not.toEqual(sheets.map((s) => sheetJson(s.data)));
  });

  it("gives sheet i the same content whatever the count", () => {
    const few = generateSheets({ count: 10, seed: 1 });
    expect(few.map((s) => sheetJson(s.data))).toEqual(sheets.slice(0, 10).map((s) => sheetJson(s.data)));
  });

  it("varies: 0 to 3 indicators, several basic policies, long and short sheets", () => {
    const indicatorCounts = new Set(sheets.map((s) => s.data.indicators?.length ?? 0));
    expect([...indicatorCounts].sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(sheets.map((s) => s.data.basicPolicy)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(sheets.map((s) => s.data.basicMeasure)).size).toBeGreaterThanOrEqual(15);

    const seedLength = textLength(seedData());
    const lengths = sheets.map((s) => textLength(s.data));
    const long = lengths.filter((n) => n > 2 * seedLength).length;
    const short = lengths.filter((n) => n < 0.6 * seedLength).length;
    // About 1 in 10 long; the spread allows for chance, not for the profile disappearing.
    expect(long).toBeGreaterThanOrEqual(8);
    expect(long).toBeLessThanOrEqual(40);
    expect(short).toBeGreaterThanOrEqual(4);

    const directions = new Set(sheets.flatMap((s) => (s.data.indicators ?? []).map((i) => i.direction)));
    expect(directions).toContain("大きいほどよい");
    expect(directions).toContain("小さいほどよい");
    expect(sheets.some((s) => s.data.priority === true)).toBe(true);
    expect(sheets.some((s) => (s.data.relatedDivisions?.length ?? 0) > 0)).toBe(true);
    expect(sheets.some((s) => (s.data.glossary?.length ?? 0) > 0)).toBe(true);
    expect(sheets.some((s) => s.data.projects?.some((p) => p.achievement !== undefined))).toBe(true);
    // Some block is filled to the bullet limit, so the layout's worst case is exercised.
    expect(
      sheets.some((s) => (s.data.overview.outline.items ?? []).length === LIMITS.bullets) ||
        sheets.some((s) => (s.data.results.achievements.items ?? []).length === LIMITS.bullets),
    ).toBe(true);
  });

  it("gives unique 8-digit codes whose first digit is the basic policy", () => {
    const codes = sheets.map((s) => s.data.measure.code);
    expect(new Set(codes).size).toBe(codes.length);
    const policies = [...new Set(sheets.map((s) => s.data.basicPolicy))];
    for (const s of sheets) {
      expect(s.data.measure.code).toMatch(/^[1-9][0-9]{7}$/);
      expect(s.path).toBe(`${s.data.evaluationYear}/${s.data.measure.code}.json`);
      // Same first digit ⇔ same policy.
      const sameDigit = sheets.filter((o) => o.data.measure.code[0] === s.data.measure.code[0]);
      expect(new Set(sameDigit.map((o) => o.data.basicPolicy)).size).toBe(1);
    }
    expect(policies.length).toBeGreaterThan(1);
  });

  it("puts most sheets in the chosen year, inside a 3-year plan, with a grade per year up to it", () => {
    const inYear = sheets.filter((s) => s.data.evaluationYear === 2013).length;
    expect(inYear).toBeGreaterThan(150);
    for (const s of sheets) {
      const { plan, evaluationYear } = s.data;
      expect(plan).toEqual(planFor(evaluationYear));
      expect(s.data.results.evaluation.grades.map((g) => g.year)).toEqual(
        Array.from({ length: evaluationYear - plan.startYear + 1 }, (_, i) => plan.startYear + i),
      );
    }
    expect(planFor(2013)).toEqual({ name: "第3期実行計画", startYear: 2011, endYear: 2013 });
    expect(planFor(2014)).toEqual({ name: "第4期実行計画", startYear: 2014, endYear: 2016 });
  });

  it("records the kinds of amount a real sheet has for past, current and future years", () => {
    const shapes = new Set<string>();
    for (const s of sheets) {
      for (const y of s.data.budget.years) {
        const kinds = y.amounts.map((a) => a.kind).join("+");
        const when =
          y.year < s.data.evaluationYear ? "past" : y.year === s.data.evaluationYear ? "now" : "future";
        shapes.add(`${when}:${kinds}`);
        if (when === "past") expect(kinds).toMatch(/決算$/);
        if (when === "now") expect(kinds).toMatch(/予算\+決算見込$/);
        if (when === "future") expect(kinds).toMatch(/^計画事業費/);
      }
    }
    expect(shapes).toContain("past:予算+決算");
    expect(shapes).toContain("past:計画事業費+予算+決算");
    expect(shapes).toContain("now:計画事業費+予算+決算見込");
    expect(shapes).toContain("future:計画事業費");
  });

  it("puts digits, grouped numbers, brackets and percentages in the text", () => {
    const all = sheets.map((s) => sheetJson(s.data)).join("");
    expect(all).toMatch(/[0-9]{1,3},[0-9]{3}件/);
    expect(all).toMatch(/[0-9]+%/);
    expect(all).toMatch(/「[^」]+」/);
    expect(all).toMatch(/（[^）]+）/);
    expect(groupDigits(1234567)).toBe("1,234,567");
    expect(groupDigits(999)).toBe("999");
  });

  it("rejects bad options", () => {
    expect(() => generateSheets({ count: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateSheets({ count: 1, seed: 1.5 })).toThrow(RangeError);
    expect(() => generateSheets({ count: 1, seed: 1, year: 1900 })).toThrow(RangeError);
  });
});

describe("$schema and writing", () => {
  let dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });

  it("points $schema at schemas/ relative to each file inside the project, and leaves it out elsewhere", () => {
    expect(schemaRef(path.join(ROOT, "data/2013/x.json"))).toBe("../../schemas/sheet-1.schema.json");
    expect(schemaRef(path.join(ROOT, "out/gen/a/2013/x.json"))).toBe(
      "../../../../schemas/sheet-1.schema.json",
    );
    expect(schemaRef(path.join(tmpdir(), "2013/x.json"))).toBeUndefined();
    const inside = generateSheets({ count: 3, seed: 5, outDir: path.join(ROOT, "out/gen-test") });
    for (const s of inside) {
      expect(Object.keys(s.data)[0]).toBe("$schema");
      expect(s.data.$schema).toBe("../../../schemas/sheet-1.schema.json");
    }
    expect(issuesOf(inside)).toEqual([]);
  });

  it("writes DIR/<year>/<code>.json with the exact generated bytes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hyoka-gen-"));
    dirs.push(dir);
    const sheets = generateSheets({ count: 30, seed: 9, outDir: dir });
    const files = writeSheets(dir, sheets);
    expect(files).toHaveLength(30);
    for (const [i, s] of sheets.entries()) {
      const file = files[i] as string;
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, "utf8")).toBe(sheetJson(s.data));
      expect("$schema" in s.data).toBe(false);
    }
    const years = readdirSync(dir).sort();
    expect(years.every((y) => /^[0-9]{4}$/.test(y))).toBe(true);
  });
});

describe("property: any seed and year", () => {
  it("generates only valid sheets", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 2006, max: 2100 }),
        fc.integer({ min: 1, max: 25 }),
        (seed, year, count) => {
          const sheets = generateSheets({ count, seed, year });
          expect(issuesOf(sheets)).toEqual([]);
          expect(new Set(sheets.map((s) => s.path)).size).toBe(count);
        },
      ),
      { numRuns: 60 },
    );
  });
});
