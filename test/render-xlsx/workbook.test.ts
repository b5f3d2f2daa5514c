/** The workbooks: the seed's numbers as numbers, live formulas with cached results, safe text, fixed bytes. */
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { formatThousands } from "../../src/model/format.js";
import { mainFontName } from "../../src/render-pdf/font-config.js";
import { renderSheetWorkbook, SummaryWorkbook } from "../../src/render-xlsx/index.js";
import { checkTableName, checkWorksheetName } from "../../src/render-xlsx/worksheet-name.js";
import type { SheetData } from "../../templates/sheet-1/schema.js";
import { DATE, form, pdfTextCompact, render, seed } from "../render-pdf/support.js";

/** A number cell as printed: a number with thousands separators, a text as it is. */
const shown = (v: number | string) => (typeof v === "number" ? formatThousands(v) : v);

const OPTIONS = { date: DATE, version: "0.1.0", fontFamily: mainFontName() };

async function workbookOf(data: SheetData): Promise<Uint8Array> {
  return renderSheetWorkbook(form, form.derive(form.schema.parse(data)), OPTIONS);
}

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function cells(worksheet: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const out: ExcelJS.Cell[] = [];
  worksheet.eachRow((row) => {
    row.eachCell((cell) => {
      out.push(cell);
    });
  });
  return out;
}

function rowStartingWith(worksheet: ExcelJS.Worksheet, first: string | number): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  worksheet.eachRow((row) => {
    if (!found && row.getCell(1).value === first) found = row;
  });
  if (!found) throw new Error(`no row starting with ${first} in ${worksheet.name}`);
  return found;
}

function formulaOf(cell: ExcelJS.Cell): ExcelJS.CellFormulaValue {
  return cell.value as ExcelJS.CellFormulaValue;
}

describe("the seed's workbook", () => {
  const data = seed();
  let workbook: ExcelJS.Workbook;
  let pdfText = "";
  beforeAll(async () => {
    workbook = await read(await workbookOf(data));
    pdfText = pdfTextCompact((await render(data)).bytes);
  });

  it("has the indicator and budget worksheets with the header block", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["参考指標", "事業費"]);
    for (const ws of workbook.worksheets) {
      expect(rowStartingWith(ws, "評価年度").getCell(2).value).toBe(2013);
      expect(rowStartingWith(ws, "施策課題").getCell(2).value).toBe("72302000");
      expect(rowStartingWith(ws, "施策課題").getCell(3).value).toBe(data.measure.name);
      expect(rowStartingWith(ws, "作成課").getCell(2).value).toBe(data.division);
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1, printTitlesRow: "1:4" });
      expect(ws.headerFooter.oddFooter).toContain("&P / &N");
    }
  });

  it("holds every indicator value as a number, matching the data and the PDF", () => {
    const ws = workbook.getWorksheet("参考指標") as ExcelJS.Worksheet;
    const indicator = data.indicators?.[0];
    expect(indicator).toBeDefined();
    expect(rowStartingWith(ws, "参考指標①").getCell(2).value).toBe(indicator?.name);
    for (const r of indicator?.years ?? []) {
      const row = rowStartingWith(ws, r.year);
      expect(row.getCell(3).value ?? undefined).toBe(r.plan);
      expect(row.getCell(4).value ?? undefined).toBe(r.actual);
      if (r.plan !== undefined) expect(pdfText).toContain(shown(r.plan));
      if (r.actual !== undefined) expect(pdfText).toContain(shown(r.actual));
    }
  });

  it("holds every amount as a number formatted #,##0, matching the data and the PDF", () => {
    const ws = workbook.getWorksheet("事業費") as ExcelJS.Worksheet;
    const kinds = rowStartingWith(ws, "区分");
    const totals = rowStartingWith(ws, "事業費合計");
    const years = rowStartingWith(ws, "年度");
    let col = 2;
    for (const year of data.budget?.years ?? []) {
      expect(String(years.getCell(col).value)).toMatch(new RegExp(`^${year.year}\\(H\\d+\\)年度$`));
      for (const a of year.amounts) {
        expect(kinds.getCell(col).value).toBe(a.kind);
        expect(totals.getCell(col).value).toBe(a.amount);
        expect(totals.getCell(col).numFmt).toBe("#,##0");
        expect(pdfText).toContain(shown(a.amount));
        col++;
      }
    }
    expect(cells(ws).some((c) => c.value === "(単位:千円)")).toBe(true);
  });

  it("computes 達成率 as a live formula with its result cached", () => {
    const ws = workbook.getWorksheet("参考指標") as ExcelJS.Worksheet;
    const row2011 = rowStartingWith(ws, 2011);
    const f = formulaOf(row2011.getCell(6));
    expect(f.formula).toBe(
      `IF(AND(ISNUMBER(C${row2011.number}),ISNUMBER(D${row2011.number})),IF(C${row2011.number}=0,"",D${row2011.number}/C${row2011.number}),"")`,
    );
    expect(f.result).toBe(1);
    expect(row2011.getCell(6).numFmt).toBe("0.0%");
    // 2010 has no values: the formula is there, its result empty.
    const empty = formulaOf(rowStartingWith(ws, 2010).getCell(6));
    expect(empty.formula).toMatch(/^IF\(/);
    expect(empty.result ?? "").toBe("");
  });

  it("computes 執行率 = 決算 ÷ 予算 only for the years that have both", () => {
    const ws = workbook.getWorksheet("事業費") as ExcelJS.Worksheet;
    const rate = rowStartingWith(ws, "執行率(決算÷予算)");
    const totalsRow = rowStartingWith(ws, "事業費合計").number;
    const f2011 = formulaOf(rate.getCell(2));
    expect(f2011.formula).toBe(`IF(B${totalsRow}=0,"",C${totalsRow}/B${totalsRow})`);
    expect(f2011.result).toBeCloseTo(218738 / 326331, 12);
    const f2012 = formulaOf(rate.getCell(4));
    expect(f2012.result).toBeCloseTo(363215 / 326993, 12);
    // 2013 has 決算見込, not 決算: no rate.
    expect(rate.getCell(7).value).toBeNull();
  });

  it("uses the PDF's font, wraps long texts and records properties from the data", () => {
    const ws = workbook.getWorksheet("参考指標") as ExcelJS.Worksheet;
    for (const c of cells(ws)) expect(c.font?.name).toBe(mainFontName());
    const description = rowStartingWith(ws, "指標の説明");
    expect(description.getCell(2).alignment?.wrapText).toBe(true);
    expect(description.height).toBeGreaterThan(15);
    expect(workbook.creator).toBe(data.division);
    expect(workbook.title).toBe(data.measure.name);
    expect(workbook.created.toISOString()).toBe(DATE.toISOString());
    expect(workbook.modified.toISOString()).toBe(DATE.toISOString());
  });
});

describe("smaller is better", () => {
  it("divides plan by actual", async () => {
    const data = seed();
    const indicator = data.indicators?.[0];
    if (!indicator) throw new Error("seed has an indicator");
    indicator.direction = "小さいほどよい";
    indicator.years = [{ year: 2012, plan: 30, actual: 40 }];
    const ws = (await read(await workbookOf(data))).getWorksheet("参考指標") as ExcelJS.Worksheet;
    const row = rowStartingWith(ws, 2012);
    const f = formulaOf(row.getCell(6));
    expect(f.formula).toContain(`C${row.number}/D${row.number}`);
    expect(f.result).toBe(0.75);
  });
});

describe("text that looks like a formula", () => {
  it("stays text, never becomes a formula", async () => {
    const data = seed();
    const indicator = data.indicators?.[0];
    if (!indicator) throw new Error("seed has an indicator");
    indicator.name = '=HYPERLINK("http://example.invalid","x")';
    indicator.description = "=1+1";
    indicator.unit = "@x";
    data.division = "+81 窓口課";
    data.measure.name = "-1 番目の施策";
    const bytes = await workbookOf(data);
    const parts = unzipSync(bytes);
    const sheets = Object.entries(parts)
      .filter(([name]) => name.startsWith("xl/worksheets/sheet"))
      .map(([, b]) => strFromU8(b));
    const formulas = sheets.flatMap((xml) => [...xml.matchAll(/<f>([^<]*)<\/f>/g)].map((m) => m[1] ?? ""));
    expect(formulas.length).toBeGreaterThan(0);
    for (const f of formulas) expect(f).toMatch(/^IF\(/);
    const strings = strFromU8(parts["xl/sharedStrings.xml"] as Uint8Array);
    expect(strings).toContain("=HYPERLINK(&quot;http://example.invalid&quot;,&quot;x&quot;)");
    const ws = (await read(bytes)).getWorksheet("参考指標") as ExcelJS.Worksheet;
    const name = rowStartingWith(ws, "参考指標①").getCell(2);
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe(indicator.name);
    expect(rowStartingWith(ws, "指標の説明").getCell(2).value).toBe("=1+1");
  });
});

describe("worksheet and table names", () => {
  it("are checked against Excel's rules, never truncated", () => {
    expect(() => checkWorksheetName("参考指標")).not.toThrow();
    expect(() => checkWorksheetName("x".repeat(31))).not.toThrow();
    expect(() => checkWorksheetName("x".repeat(32))).toThrow(/31/);
    for (const bad of ["a/b", "a\\b", "a?", "a*", "[a]", "a:b", "'a", ""])
      expect(() => checkWorksheetName(bad)).toThrow();
    expect(() => checkTableName("Indicators")).not.toThrow();
    for (const bad of ["A1", "1x", "a b", "R"]) expect(() => checkTableName(bad)).toThrow();
  });
});

describe("bytes", () => {
  it("are identical for the same inputs, whatever the clock", async () => {
    // Only Date is faked: exceljs stamps a workbook with `new Date()` unless told otherwise.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2014-04-01T09:00:00+09:00"));
      const a = await workbookOf(seed());
      vi.setSystemTime(new Date("2031-12-31T23:59:59+09:00"));
      const b = await workbookOf(seed());
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

function summaryOf(inMemoryRows?: number): Promise<Uint8Array> {
  const first = seed();
  const second = seed();
  second.measure.code = "72302001";
  second.indicators = [];
  second.priority = true;
  const summary = new SummaryWorkbook({
    ...OPTIONS,
    year: 2013,
    ...(inMemoryRows === undefined ? {} : { inMemoryRows }),
  });
  for (const d of [first, second]) summary.add(form, form.derive(form.schema.parse(d)));
  return summary.finish();
}

/** Every cell of every worksheet: its address, value and number format. */
function cellMap(workbook: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  workbook.eachSheet((worksheet) => {
    for (const cell of cells(worksheet))
      out.push(`${worksheet.name}!${cell.address}=${JSON.stringify(cell.value)} ${cell.numFmt ?? ""}`);
  });
  return out;
}

describe.each([
  ["written in memory (a usual year)", undefined],
  ["streamed (a large year)", 0],
])("the summary workbook, %s", (_, inMemoryRows) => {
  it("has one row per measure × indicator × year and per measure × year × kind, as Excel tables", async () => {
    const first = seed();
    const bytes = await summaryOf(inMemoryRows);
    const parts = unzipSync(bytes);
    const tables = Object.keys(parts).filter((n) => n.startsWith("xl/tables/"));
    expect(tables.sort()).toEqual(["xl/tables/table1.xml", "xl/tables/table2.xml"]);
    const indicatorTable = strFromU8(parts["xl/tables/table1.xml"] as Uint8Array);
    const indicatorRows = (first.indicators ?? []).reduce((n, i) => n + i.years.length, 0);
    expect(indicatorTable).toContain(`ref="A1:N${indicatorRows + 1}"`);
    expect(indicatorTable).toContain("<autoFilter");
    const budgetRows = 2 * (first.budget?.years ?? []).reduce((n, y) => n + y.amounts.length, 0);
    expect(strFromU8(parts["xl/tables/table2.xml"] as Uint8Array)).toContain(`ref="A1:K${budgetRows + 1}"`);

    const workbook = await read(bytes);
    const budget = workbook.getWorksheet("事業費") as ExcelJS.Worksheet;
    expect(budget.getRow(1).values).toEqual([
      undefined,
      "施策課題コード",
      "施策課題",
      "作成課",
      "基本政策",
      "基本施策",
      "重点",
      "年度",
      "和暦",
      "評価区分",
      "区分",
      "事業費(千円)",
    ]);
    expect(budget.getRow(2).values).toEqual([
      undefined,
      "72302000",
      first.measure.name,
      first.division,
      first.basicPolicy,
      first.basicMeasure,
      undefined,
      2011,
      "平成23年度",
      "AⅠ",
      "予算",
      326331,
    ]);
    expect(budget.rowCount).toBe(budgetRows + 1);
    const indicators = workbook.getWorksheet("参考指標") as ExcelJS.Worksheet;
    expect(indicators.getRow(1).values).toEqual([
      undefined,
      "施策課題コード",
      "施策課題",
      "作成課",
      "基本政策",
      "基本施策",
      "重点",
      "参考指標",
      "指標の方向性",
      "年度",
      "評価区分",
      "計画値",
      "実績値",
      "単位",
      "達成率",
    ]);
    const row = indicators.getRow(3);
    expect(row.getCell(3).value).toBe(first.division);
    expect(row.getCell(4).value).toBe(first.basicPolicy);
    expect(row.getCell(5).value).toBe(first.basicMeasure);
    expect(row.getCell(9).value).toBe(2011);
    expect(row.getCell(10).value).toBe("AⅠ");
    expect(row.getCell(11).value).toBe(18);
    expect(row.getCell(14).value).toBe(1);
    expect(row.getCell(14).numFmt).toBe("0.0%");
    // The baseline year before the plan has no grade.
    expect(indicators.getRow(2).getCell(10).value ?? undefined).toBeUndefined();
  });

  it("gives the same bytes for the same inputs", async () => {
    expect(
      Buffer.from(await summaryOf(inMemoryRows)).equals(Buffer.from(await summaryOf(inMemoryRows))),
    ).toBe(true);
  });
});

describe("the summary workbook's two ways of writing", () => {
  it("give the same cells, values and formats", async () => {
    const inMemory = cellMap(await read(await summaryOf()));
    const streamed = cellMap(await read(await summaryOf(0)));
    expect(inMemory.length).toBeGreaterThan(50);
    expect(inMemory).toEqual(streamed);
  });
});
