/**
 * JSON → input workbook → JSON gives the sheet back: the seed byte for byte (in-process, through the CLI, and
 * after LibreOffice opened and saved the workbook), generated sheets deep-equal (a property over gen-lib's
 * sheets with texts that are hard to keep, and over the edges of every limit).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSheets } from "../../scripts/gen-lib.js";
import { sheetText } from "../../src/input-workbook/json-text.js";
import { LIMITS } from "../../templates/sheet-1/schema.js";
import { edgeSheet } from "../data/edge-sheets.js";
import { runCli, SEED_JSON, seedData, seedText, tempDir } from "../helpers.js";
import { exportBytes, importBytes, sheetForm, soffice, throughLibreOffice } from "./support.js";

async function roundTrip(data: unknown): Promise<unknown> {
  const read = await importBytes(await exportBytes(data));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  expect(read.problems).toEqual([]);
  return read.data;
}

/**
 * What a sheet is once written as JSON (JSON has no -0, no undefined), and without empty lists: a workbook has
 * no way to say `"indicators": []` apart from no indicators, and import leaves an empty list out.
 */
function asJson(data: unknown): unknown {
  // Texts as hyoka reads any sheet: composed (NFC), as README "Data format" says.
  return JSON.parse(JSON.stringify(data), (_key, value) =>
    Array.isArray(value) && value.length === 0
      ? undefined
      : typeof value === "string"
        ? value.normalize("NFC")
        : value,
  );
}

/** Texts that are hard to keep through a workbook: line breaks, bullets, rare kanji, formula-like, spaces. */
const HARD_TEXTS = [
  "一行目\n二行目\n\n四行目",
  "項目・その2 ● 続き ○ 終わり",
  "𠮷野家の髙橋さんと﨑山さん(𩸽・𠀋)",
  "=SUM(A1:A3)",
  "+81 44-200-2111",
  "-1",
  "@メンション",
  "'引用符で始まる",
  "  前後に空白  ",
  "1,234",
  "2013",
  "true",
  '<b>&amp;</b> "quoted"',
  "_x0041_ は Excel の escape に似た文字列",
  "タブ\tを含む",
];

/** A valid generated sheet with some of its texts replaced by hard ones. */
function withHardTexts(sheet: Record<string, unknown>, picks: number[]): Record<string, unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: a generated sheet is changed field by field.
  const s = structuredClone(sheet) as Record<string, any>;
  const text = (i: number) => HARD_TEXTS[picks[i % picks.length] ?? 0] as string;
  s.measure.name = text(0);
  s.division = text(1).replaceAll("\n", " ").replaceAll("\t", " ");
  // The hard texts go first: a generated outline may already be at its limit.
  s.overview.outline.items = [text(2), text(3), ...(s.overview.outline.items ?? [])].slice(0, LIMITS.bullets);
  s.results.achievements.lead = text(4);
  s.futureDirection.items = [text(5), ...(s.futureDirection.items ?? [])].slice(0, LIMITS.bullets);
  if (s.projects?.[0]) s.projects[0].achievement = text(6).slice(0, LIMITS.shortText);
  s.glossary = [{ term: "用語", explanation: text(7) }];
  return s;
}

describe("export then import", () => {
  it("gives the seed back byte for byte", async () => {
    const data = await roundTrip(seedData());
    expect(sheetText(data)).toBe(seedText());
  });

  it("writes the same bytes for the same sheet", async () => {
    const a = await exportBytes(seedData());
    const b = await exportBytes(seedData());
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it("gives generated sheets back, hard texts included (property)", async () => {
    const form = await sheetForm();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom("realistic", "hard"),
        fc.array(fc.integer({ min: 0, max: HARD_TEXTS.length - 1 }), { minLength: 8, maxLength: 8 }),
        async (seed, profile, picks) => {
          const [generated] = generateSheets({ count: 1, seed, profile: profile as "realistic" | "hard" });
          if (!generated) throw new Error("no sheet");
          const sheet = withHardTexts(generated.data as unknown as Record<string, unknown>, picks);
          expect(form.schema.safeParse(sheet).success).toBe(true);
          const back = await roundTrip(sheet);
          expect(back).toEqual({
            $schema: "../../schemas/sheet-1.schema.json",
            ...(asJson(sheet) as object),
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it("gives sheets at the edges of every limit back (property)", async () => {
    const form = await sheetForm();
    await fc.assert(
      fc.asyncProperty(edgeSheet(), async (sheet) => {
        const json = asJson(sheet);
        fc.pre(form.schema.safeParse(json).success);
        expect(await roundTrip(json)).toEqual(json);
      }),
      { numRuns: 15 },
    );
  });

  it("keeps a sheet with every list full and every text at its longest", async () => {
    const form = await sheetForm();
    const long = (n: number, unit = "漢字かなカナ、") => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    // biome-ignore lint/suspicious/noExplicitAny: assembled field by field.
    const s = seedData() as Record<string, any>;
    const block = {
      lead: long(LIMITS.paragraph),
      items: Array.from({ length: LIMITS.bullets }, () => long(LIMITS.paragraph)),
    };
    s.measure.name = long(LIMITS.name);
    s.relatedDivisions = Array.from({ length: LIMITS.relatedDivisions }, (_, i) =>
      `${long(LIMITS.shortText - 3)}${i}課`.slice(-LIMITS.shortText),
    );
    s.priority = false;
    s.overview = { problems: block, outline: block, targets: block };
    s.results.achievements = block;
    s.plan = { name: long(40), startYear: 2004, endYear: 2013 };
    s.results.evaluation.grades = Array.from({ length: 10 }, (_, i) => ({
      year: 2004 + i,
      grade: (["AⅠ", "AⅡ", "B", "C"] as const)[i % 4],
    }));
    s.indicators = Array.from({ length: LIMITS.indicators }, (_, k) => ({
      name: long(LIMITS.name),
      description: long(LIMITS.paragraph),
      direction: k === 0 ? "小さいほどよい" : "大きいほどよい",
      unit: long(LIMITS.unit, "t-CO2/"),
      decimals: 3,
      years: Array.from({ length: LIMITS.indicatorYears }, (_, i) => ({
        year: 2002 + i,
        plan: i % 3 === 0 ? "集計中" : -1e12 + i * 0.125,
        actual: i % 4 === 0 ? "−" : 999_999.999,
      })),
    }));
    s.budget = {
      years: Array.from({ length: LIMITS.budgetYears }, (_, i) => ({
        year: 2008 + i,
        amounts: ["予算", "決算", "計画事業費", "補正後予算額"].map((kind, j) => ({
          kind,
          amount: j === 3 ? "未確定" : 999_999_999_999 - j,
        })),
      })),
    };
    s.projects = Array.from({ length: LIMITS.projects }, (_, i) => ({
      name: `${long(LIMITS.name - 3)}${i}`.slice(-LIMITS.name),
      achievement: long(LIMITS.shortText),
    }));
    s.glossary = Array.from({ length: LIMITS.glossary }, (_, i) => ({
      term: `用語${i}`,
      explanation: long(LIMITS.paragraph),
    }));
    const parsed = form.schema.safeParse(s);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(await roundTrip(s)).toEqual(asJson(s));
  });

  it("through the CLI gives the seed back byte for byte, and a built sheet", () => {
    const dir = tempDir();
    const exported = runCli(["export", SEED_JSON, "--out", path.join(dir, "books")]);
    expect(exported.stderr).toBe("");
    expect(exported.status).toBe(0);
    const imported = runCli([
      "import",
      path.join(dir, "books/2013/72302000.xlsx"),
      "--out",
      path.join(dir, "data"),
    ]);
    expect(imported.stderr).toBe("");
    expect(imported.status).toBe(0);
    expect(readFileSync(path.join(dir, "data/2013/72302000.json"), "utf8")).toBe(seedText());
    const again = runCli(["export", SEED_JSON, "--out", path.join(dir, "books"), "--force"]);
    expect(again.status).toBe(0);
  });
});

describe("a workbook opened and saved by LibreOffice", () => {
  const program = soffice();
  if (!program) {
    it.skip("imports to the same JSON (skipped: LibreOffice's soffice is not installed)", () => {});
    console.warn("test/input-workbook: soffice not found, the LibreOffice round trip is skipped");
    return;
  }
  it("imports to the same JSON as before (the seed, byte for byte)", async () => {
    const saved = throughLibreOffice(await exportBytes(seedData()), program);
    const read = await importBytes(saved);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.problems).toEqual([]);
    expect(sheetText(read.data)).toBe(seedText());
  }, 240_000);

  it("keeps hard texts and numbers", async () => {
    const sheet = withHardTexts(seedData(), [0, 1, 2, 3, 4, 5, 6, 7]);
    // biome-ignore lint/suspicious/noExplicitAny: a field or two changed.
    (sheet as any).indicators[0].years[1] = { year: 2011, plan: 18.125, actual: "集計中" };
    const saved = throughLibreOffice(await exportBytes(sheet), program);
    const read = await importBytes(saved);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.data).toEqual(asJson(sheet));
  }, 240_000);
});
