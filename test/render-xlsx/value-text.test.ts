/**
 * A text in a number cell (`集計中`, `−`) is stored as text, centred, and takes no part in 達成率 or 執行率; the
 * numbers around it stay numbers. A round trip through the workbook gives back every value as written.
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mainFontName } from "../../src/render-pdf/font-config.js";
import { renderSheetWorkbook, SummaryWorkbook } from "../../src/render-xlsx/index.js";
import type { SheetData } from "../../templates/sheet-1/schema.js";
import { DATE, form, seed } from "../render-pdf/support.js";

const OPTIONS = { date: DATE, version: "0.1.0", fontFamily: mainFontName() };

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function rowStartingWith(worksheet: ExcelJS.Worksheet, first: string | number): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  worksheet.eachRow((row) => {
    if (!found && row.getCell(1).value === first) found = row;
  });
  if (!found) throw new Error(`no row starting with ${first} in ${worksheet.name}`);
  return found;
}

function withTexts(plan: number | string, actual: number | string, budget: number | string): SheetData {
  const data = seed();
  const ind = data.indicators?.[0];
  if (!ind) throw new Error("seed has no indicator");
  ind.years[3] = { year: 2013, plan, actual };
  const y2011 = data.budget?.years[0];
  if (!y2011) throw new Error("seed has no budget");
  y2011.amounts = [
    { kind: "予算", amount: budget },
    { kind: "決算", amount: 218738 },
  ];
  return form.schema.parse(data);
}

const resultOf = (cell: ExcelJS.Cell) => (cell.value as ExcelJS.CellFormulaValue | null)?.result ?? "";

describe("text in number cells, in the workbooks", () => {
  it("stores the text as text, centred, and leaves 達成率 and 執行率 empty", async () => {
    const data = withTexts(20, "集計中", "−");
    const model = form.derive(data);
    expect(model.indicatorSlots[0]?.rows.at(-1)?.achievement).toBeUndefined();
    expect(model.budgetYears[0]?.executionRate).toBeUndefined();
    const workbook = await read(await renderSheetWorkbook(form, model, OPTIONS));
    const ws = workbook.getWorksheet("参考指標") as ExcelJS.Worksheet;
    const row = rowStartingWith(ws, 2013);
    expect(row.getCell(3).value).toBe(20);
    expect(row.getCell(4).value).toBe("集計中");
    expect(row.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(4).alignment?.horizontal).toBe("center");
    expect(resultOf(row.getCell(6))).toBe("");
    expect(String((row.getCell(6).value as ExcelJS.CellFormulaValue).formula)).toContain("ISNUMBER(D");
    const budget = workbook.getWorksheet("事業費") as ExcelJS.Worksheet;
    const totals = rowStartingWith(budget, "事業費合計");
    expect(totals.getCell(2).value).toBe("−");
    expect(totals.getCell(3).value).toBe(218738);
    expect(rowStartingWith(budget, "執行率(決算÷予算)").getCell(2).value ?? "").toBe("");
  });

  it("gives back every value as written, number or text, in the sheet and the summary", async () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 9_999_999 }),
      fc.constantFrom("−", "-", "集計中", "調査中", "未定", "=1+1", "@x", "＊"),
    );
    await fc.assert(
      fc.asyncProperty(value, value, value, async (plan, actual, amount) => {
        const model = form.derive(withTexts(plan, actual, amount));
        const sheet = await read(await renderSheetWorkbook(form, model, OPTIONS));
        const row = rowStartingWith(sheet.getWorksheet("参考指標") as ExcelJS.Worksheet, 2013);
        expect([row.getCell(3).value, row.getCell(4).value]).toEqual([plan, actual]);
        const totals = rowStartingWith(sheet.getWorksheet("事業費") as ExcelJS.Worksheet, "事業費合計");
        expect(totals.getCell(2).value).toBe(amount);
        const summary = new SummaryWorkbook({ ...OPTIONS, year: 2013 });
        summary.add(form, model);
        const book = await read(await summary.finish());
        const ind = book.getWorksheet("参考指標") as ExcelJS.Worksheet;
        const last = ind.getRow(ind.rowCount);
        expect([last.getCell(11).value, last.getCell(12).value]).toEqual([plan, actual]);
        const expectRatio = typeof plan === "number" && typeof actual === "number" && plan !== 0;
        expect(typeof last.getCell(14).value === "number").toBe(expectRatio);
        const budget = book.getWorksheet("事業費") as ExcelJS.Worksheet;
        const amountCell = budget.getRow(2).getCell(budget.columnCount);
        expect(amountCell.value).toBe(amount);
        expect(amountCell.numFmt ?? "General").toBe(typeof amount === "number" ? "#,##0" : "General");
      }),
      { numRuns: 15 },
    );
  });

  it("formats a value kept to N decimal places with N digits, in the sheet and the summary", async () => {
    const data = seed();
    const ind = data.indicators?.[0];
    if (!ind) throw new Error("seed changed");
    ind.decimals = 2;
    const model = form.derive(form.schema.parse(data));
    const sheet = await read(await renderSheetWorkbook(form, model, OPTIONS));
    const row = rowStartingWith(sheet.getWorksheet("参考指標") as ExcelJS.Worksheet, 2012);
    expect([row.getCell(3).value, row.getCell(3).numFmt]).toEqual([19, "#,##0.00"]);
    const summary = new SummaryWorkbook({ ...OPTIONS, year: 2013 });
    summary.add(form, model);
    const ws = (await read(await summary.finish())).getWorksheet("参考指標") as ExcelJS.Worksheet;
    const last = ws.getRow(ws.rowCount);
    expect([last.getCell(11).value, last.getCell(11).numFmt]).toEqual([20, "#,##0.00"]);
    // Without the setting, as before.
    const plain = form.derive(form.schema.parse(seed()));
    const before = await read(await renderSheetWorkbook(form, plain, OPTIONS));
    expect(
      rowStartingWith(before.getWorksheet("参考指標") as ExcelJS.Worksheet, 2012).getCell(3).numFmt,
    ).toBe("#,##0.###");
  });
});
