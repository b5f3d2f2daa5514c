/**
 * The workbooks of 施策進行管理・評価表(2): the counts are COUNTIFS formulas over the project rows with the
 * PDF's numbers cached, the projects and the year table one row each, fixed bytes; the year's summary puts its
 * projects table beside another form's tables.
 */
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { mainFontName } from "../../../src/render-pdf/font-config.js";
import { renderSheetWorkbook, SummaryWorkbook } from "../../../src/render-xlsx/index.js";
import sheet1 from "../../../templates/sheet-1/index.js";
import type { SheetModel } from "../../../templates/sheet-2/model.js";
import { seedData } from "../../helpers.js";
import { DATE } from "../../render-pdf/support.js";
import { form, load, REAL_FIXTURE, SAMPLE_FIXTURE } from "./support.js";

const OPTIONS = { date: DATE, version: "0.1.0", fontFamily: mainFontName() };

function modelOf(file: string): SheetModel {
  return form.derive(form.schema.parse(load(file)));
}

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

/**
 * Every formula cell of a worksheet as the file stores it: its formula and cached result, read from the XML
 * (exceljs reads a cached 0 back as no result at all).
 */
function formulas(bytes: Uint8Array, sheet: number): { address: string; formula: string; result?: number }[] {
  const xml = strFromU8(unzipSync(bytes)[`xl/worksheets/sheet${sheet}.xml`] ?? new Uint8Array());
  const unxml = (t: string) => t.replaceAll("&apos;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  return [...xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*><f>([^<]*)<\/f>(?:<v>([^<]*)<\/v>)?/g)].map((m) => ({
    address: m[1] ?? "",
    formula: unxml(m[2] ?? ""),
    ...(m[3] === undefined ? {} : { result: Number(m[3]) }),
  }));
}

describe("sheet-2 workbook", () => {
  const model = modelOf(SAMPLE_FIXTURE);
  let workbook: ExcelJS.Workbook;
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await renderSheetWorkbook(form, model, OPTIONS);
    workbook = await read(bytes);
  });

  it("has the counts, the projects and the year table", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["事業数", "事務事業", "事業目標・実績"]);
  });

  it("has one row per project with the ratings as numbers", () => {
    const ws = workbook.getWorksheet("事務事業");
    if (!ws) throw new Error("no projects worksheet");
    expect(ws.getRow(5).values).toEqual([
      undefined,
      "No.",
      "事務事業名",
      "所管課",
      "達成度",
      "重点",
      "事業の妥当性",
      "事業の有効性・効率性・経済性",
      "3ヵ年の事業目標に対する達成状況",
      "事務事業の概要",
    ]);
    model.projects.forEach((p, i) => {
      const row = ws.getRow(6 + i);
      expect(row.getCell(2).value).toBe(p.data.name);
      expect(row.getCell(4).value).toBe(p.data.achievement);
      expect(row.getCell(5).value ?? undefined).toBe(p.data.priority ? "◎" : undefined);
      expect(row.getCell(8).value).toBe(p.data.status);
    });
    expect(ws.getRow(6 + model.projects.length).getCell(2).value).toBeNull();
  });

  it("counts with COUNTIFS over the project rows, the model's counts cached as results", () => {
    const ws = workbook.getWorksheet("事業数");
    if (!ws) throw new Error("no counts worksheet");
    const all = formulas(bytes, 1);
    const last = 5 + model.projects.length;
    const countifs = all.filter((f) => f.formula.startsWith("COUNTIFS("));
    // 5 + 5 + 5 + 4 levels, each a count and a priority count.
    expect(countifs).toHaveLength(38);
    for (const f of countifs)
      expect(f.formula).toMatch(new RegExp(`^COUNTIFS\\('事務事業'!\\$[DFGH]\\$6:\\$[DFGH]\\$${last},A\\d+`));
    const expected = [model.achievement, model.validity, model.effectiveness, model.status].flatMap((c) =>
      c.rows.flatMap((r) => [r.projects, r.priority]),
    );
    expect(countifs.map((f) => f.result)).toEqual(expected);
    const sums = all.filter((f) => f.formula.startsWith("SUM("));
    expect(sums.map((f) => f.result)).toEqual([
      model.achievement.total.projects,
      model.achievement.total.priority,
    ]);
    expect(model.achievement.total.projects).toBe(19);
    // The level a formula counts is the cell beside it: the scale as the form prints it.
    const levels: unknown[] = [];
    ws.eachRow((row) => {
      const c = row.getCell(3).value as ExcelJS.CellFormulaValue | null;
      if (c && typeof c === "object" && "formula" in c && c.formula.startsWith("COUNTIFS"))
        levels.push(row.getCell(1).value);
    });
    expect(levels).toEqual([1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 5, 4, 3, 2, 1, "I", "II", "III", "IV"]);
  });

  it("has the year table one row per project × row kind × column", () => {
    const ws = workbook.getWorksheet("事業目標・実績");
    if (!ws) throw new Error("no year worksheet");
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => {
      if (n > 5) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toHaveLength(19 * 3 * 5);
    const first = model.projects[0];
    expect(rows.slice(0, 5).map((r) => r.slice(0, 4))).toEqual(
      ["現状(計画策定時)", "2011年度", "2012年度", "2013年度", "2014年度以降"].map((year) => [
        1,
        first?.data.name,
        "事業目標",
        year,
      ]),
    );
    expect(rows.slice(0, 5).map((r) => r[4] ?? undefined)).toEqual(first?.cells.targets);
  });

  it("is the same bytes twice", async () => {
    const a = await renderSheetWorkbook(form, model, OPTIONS);
    const b = await renderSheetWorkbook(form, model, OPTIONS);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });
});

describe("the year's summary", () => {
  it("gains a projects table, beside another form's tables in the same year", async () => {
    const s1 = sheet1.derive(sheet1.schema.parse(seedData()));
    const summary = new SummaryWorkbook({ ...OPTIONS, year: 2013 });
    summary.add(sheet1, s1);
    summary.add(form, modelOf(SAMPLE_FIXTURE));
    summary.add(form, modelOf(REAL_FIXTURE));
    const workbook = await read(await summary.finish());
    // The forms' tables have names of their own, so they keep them: no form id for staff to puzzle over.
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["参考指標", "事業費", "事務事業"]);
    const ws = workbook.getWorksheet("事務事業");
    expect(ws?.rowCount).toBe(1 + 19 + 1);
    expect(ws?.getRow(21).getCell(6).value).toBe("区民祭開催事業");
    expect(ws?.getRow(21).getCell(12).value).toBe("II");
    expect(workbook.title).toBe(
      "2013年度 施策進行管理・評価票(1) 集計 / 2013年度 施策進行管理・評価表(2) 集計",
    );
  });

  it("tells apart two forms' tables of the same name by the forms' short titles (worksheets) and ids (tables)", async () => {
    const twin = { ...form, id: "sheet-9", shortTitle: "評価表(9)" };
    const summary = new SummaryWorkbook({ ...OPTIONS, year: 2013 });
    summary.add(form, modelOf(REAL_FIXTURE));
    summary.add(twin, modelOf(SAMPLE_FIXTURE));
    const workbook = await read(await summary.finish());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["事務事業_評価表(2)", "事務事業_評価表(9)"]);
    const tables = workbook.worksheets.map((w) => Object.keys((w as unknown as { tables: object }).tables));
    expect(tables).toEqual([["Projects_sheet_2"], ["Projects_sheet_9"]]);
  });

  it("is the same bytes whichever form's sheet arrives first (a build's workers finish in any order)", async () => {
    const s1 = sheet1.derive(sheet1.schema.parse(seedData()));
    const s2 = modelOf(SAMPLE_FIXTURE);
    const made = async (first: "sheet-1" | "sheet-2") => {
      const summary = new SummaryWorkbook({ ...OPTIONS, year: 2013 });
      if (first === "sheet-2") summary.add(form, s2);
      summary.add(sheet1, s1);
      if (first === "sheet-1") summary.add(form, s2);
      return Buffer.from(await summary.finish());
    };
    expect(Buffer.compare(await made("sheet-2"), await made("sheet-1"))).toBe(0);
  });
});
