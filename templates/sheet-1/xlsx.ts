/**
 * The workbooks of 施策進行管理・評価票(1): the sheet's indicator and budget tables laid out as on the form, so a
 * reader of the printed sheet recognises them, and the year's summary tables for pivot tables. Numbers stay
 * numbers; 達成率 and 執行率 are live formulas (with their results cached). Every word is in LABELS.
 */

import type {
  CellSpec,
  CellStyleName,
  RowCell,
  SummaryCell,
  SummaryTableSpec,
  WorksheetSpec,
  XlsxLayout,
} from "../../src/forms/xlsx-layout.js";
import { eraLong, eraShort } from "../../src/model/era.js";
import { columnLetter } from "../../src/render-xlsx/worksheet-name.js";
import {
  BUDGET_KIND,
  type CellValue,
  FORM_TITLE,
  type IndicatorSlot,
  SETTLED_KIND,
  type SheetModel,
} from "./model.js";

const LABELS = {
  indicatorsSheet: "参考指標",
  budgetSheet: "事業費",
  evaluationYear: "評価年度",
  measure: "施策課題",
  division: "作成課",
  indicatorName: (mark: string) => `参考指標${mark}`,
  description: "指標の説明",
  direction: "指標の方向性",
  year: "年度",
  era: "和暦",
  plan: "計画値",
  actual: "実績値",
  unit: "単位",
  achievement: "達成率",
  noIndicators: "参考指標はありません",
  budgetUnit: "(単位:千円)",
  kind: "区分",
  budgetTotal: "事業費合計",
  executionRate: `執行率(${SETTLED_KIND}÷${BUDGET_KIND})`,
  noBudget: "事業費の記載はありません",
  code: "施策課題コード",
  basicPolicy: "基本政策",
  basicMeasure: "基本施策",
  priority: "重点",
  priorityMark: "◎",
  grade: "評価区分",
  amount: "事業費(千円)",
  summaryTitle: (year: number) => `${year}年度 ${FORM_TITLE} 集計`,
} as const;

const TABLE_COLUMNS = 6;

/** 評価年度, 施策課題 and 作成課 on top of every worksheet, kept in view and printed on every page. */
function headerBlock(model: SheetModel, title: string, width: number): RowCell[][] {
  const { data } = model;
  return [
    [{ value: `${FORM_TITLE} ${title}`, style: "title", span: width }],
    [
      { value: LABELS.evaluationYear, style: "label" },
      { value: model.evaluationYear, style: "year" },
      { value: model.evaluationYearEra, style: "text", span: width - 2 },
    ],
    [
      { value: LABELS.measure, style: "label" },
      { value: data.measure.code, style: "text" },
      { value: data.measure.name, style: "wrap", span: width - 2 },
    ],
    [
      { value: LABELS.division, style: "label" },
      { value: data.division, style: "text", span: width - 1 },
    ],
  ];
}

/**
 * 達成率: 実績÷計画 when bigger is better, 計画÷実績 when smaller is better; empty when a value is missing or is a
 * text (`集計中`).
 */
function achievementFormula(row: number, biggerIsBetter: boolean): string {
  const [num, den] = biggerIsBetter ? [`D${row}`, `C${row}`] : [`C${row}`, `D${row}`];
  return `IF(AND(ISNUMBER(C${row}),ISNUMBER(D${row})),IF(${den}=0,"",${num}/${den}),"")`;
}

/** The number style of a value kept to `decimals` places (`#,##0.###` when the indicator does not say). */
function numberStyle(decimals: number | undefined, fallback: CellStyleName): CellStyleName {
  if (decimals === undefined) return fallback;
  return decimals === 0 ? "integer" : (`fixed${decimals}` as CellStyleName);
}

/** A number cell of the form: a number in its number style, a text (`集計中`) as text, centred. */
function valueCell(v: CellValue | undefined, numberStyleName: CellStyleName): CellSpec {
  return { value: v, style: typeof v === "string" ? "center" : numberStyleName };
}

function indicatorRows(slot: IndicatorSlot, firstRow: number): RowCell[][] {
  const indicator = slot.indicator;
  if (!indicator) return [];
  const span = TABLE_COLUMNS - 1;
  const rows: RowCell[][] = [
    [
      { value: LABELS.indicatorName(slot.mark), style: "label" },
      { value: indicator.name, style: "wrap", span },
    ],
    [
      { value: LABELS.description, style: "label" },
      { value: indicator.description, style: "wrap", span },
    ],
    [
      { value: LABELS.direction, style: "label" },
      { value: indicator.direction, style: "text", span },
    ],
    [LABELS.year, LABELS.era, LABELS.plan, LABELS.actual, LABELS.unit, LABELS.achievement].map(
      (value): CellSpec => ({ value, style: "header" }),
    ),
  ];
  const style = numberStyle(slot.decimals, "decimal");
  for (const r of slot.rows) {
    const rowNumber = firstRow + rows.length;
    const achievement: CellSpec =
      slot.biggerIsBetter === undefined
        ? { style: "percent" }
        : {
            formula: achievementFormula(rowNumber, slot.biggerIsBetter),
            value: r.achievement ?? "",
            style: "percent",
          };
    rows.push([
      { value: r.year, style: "year" },
      { value: eraShort(r.year), style: "text" },
      valueCell(r.plan, style),
      valueCell(r.actual, style),
      { value: r.unit, style: "text" },
      achievement,
    ]);
  }
  rows.push([]);
  return rows;
}

function indicatorsWorksheet(model: SheetModel): WorksheetSpec {
  const rows = [...headerBlock(model, LABELS.indicatorsSheet, TABLE_COLUMNS), []];
  const slots = model.indicatorSlots.filter((s) => s.indicator);
  if (slots.length === 0) rows.push([{ value: LABELS.noIndicators, style: "text", span: TABLE_COLUMNS }]);
  for (const slot of slots) rows.push(...indicatorRows(slot, rows.length + 1));
  return { name: LABELS.indicatorsSheet, rows, headerRows: 4, minWidths: [14, 12, 10, 10, 8, 10] };
}

function budgetWorksheet(model: SheetModel): WorksheetSpec {
  const years = model.budgetYears;
  const width = Math.max(3, 1 + model.budgetKindCount);
  const rows = [...headerBlock(model, LABELS.budgetSheet, width), []];
  if (years.length === 0) {
    rows.push([{ value: LABELS.noBudget, style: "text", span: width }]);
    return { name: LABELS.budgetSheet, rows, headerRows: 4, minWidths: [14, 12] };
  }
  rows.push([{ value: LABELS.budgetUnit, style: "note", span: width }]);
  const yearRow: RowCell[] = [{ value: LABELS.year, style: "header" }];
  const kindRow: RowCell[] = [{ value: LABELS.kind, style: "header" }];
  const totalRow: RowCell[] = [{ value: LABELS.budgetTotal, style: "label" }];
  const rateRow: RowCell[] = [{ value: LABELS.executionRate, style: "label" }];
  const totalRowNumber = rows.length + 3;
  let column = 2;
  for (const y of years) {
    yearRow.push({ value: y.label, style: "header", span: y.amounts.length });
    const columnOf = new Map<string, string>();
    for (const a of y.amounts) {
      kindRow.push({ value: a.kind, style: "header" });
      totalRow.push(valueCell(a.amount, "integer"));
      columnOf.set(a.kind, columnLetter(column));
      column++;
    }
    const budget = columnOf.get(BUDGET_KIND);
    const settled = columnOf.get(SETTLED_KIND);
    rateRow.push(
      budget && settled && y.executionRate !== undefined
        ? {
            formula: `IF(${budget}${totalRowNumber}=0,"",${settled}${totalRowNumber}/${budget}${totalRowNumber})`,
            value: y.executionRate,
            style: "percent",
            span: y.amounts.length,
          }
        : { style: "percent", span: y.amounts.length },
    );
  }
  rows.push(yearRow, kindRow, totalRow, rateRow);
  return {
    name: LABELS.budgetSheet,
    rows,
    headerRows: 4,
    minWidths: [22, 12],
    landscape: model.budgetKindCount > 8,
  };
}

/** What analysts pivot by, on every row of both summary tables: the measure and where it sits in the plan. */
const MEASURE_COLUMNS = [
  { header: LABELS.code, width: 14 },
  { header: LABELS.measure, width: 40 },
  { header: LABELS.division, width: 30 },
  { header: LABELS.basicPolicy, width: 30 },
  { header: LABELS.basicMeasure, width: 30 },
  { header: LABELS.priority, width: 6 },
];

function measureCells(model: SheetModel): SummaryCell[] {
  const d = model.data;
  return [
    d.measure.code,
    d.measure.name,
    d.division,
    d.basicPolicy,
    d.basicMeasure,
    d.priority ? LABELS.priorityMark : undefined,
  ];
}

/** The grade (評価区分) the sheet gives a year of the plan, if any. */
function gradeOf(model: SheetModel, year: number): string | undefined {
  return model.grades.find((g) => g.year === year)?.grade;
}

const indicatorTable: SummaryTableSpec<SheetModel> = {
  worksheet: LABELS.indicatorsSheet,
  tableName: "Indicators",
  columns: [
    ...MEASURE_COLUMNS,
    { header: "参考指標", width: 40 },
    { header: LABELS.direction, width: 14 },
    { header: LABELS.year, width: 10, style: "year" },
    { header: LABELS.grade, width: 10 },
    { header: LABELS.plan, width: 12, style: "decimal" },
    { header: LABELS.actual, width: 12, style: "decimal" },
    { header: LABELS.unit, width: 8 },
    { header: LABELS.achievement, width: 10, style: "percent" },
  ],
  rows: (model) =>
    model.indicatorSlots.flatMap((slot) =>
      slot.indicator
        ? slot.rows.map((r) => [
            ...measureCells(model),
            slot.indicator?.name,
            slot.indicator?.direction,
            r.year,
            gradeOf(model, r.year),
            valueCell(r.plan, numberStyle(slot.decimals, "decimal")) as SummaryCell,
            valueCell(r.actual, numberStyle(slot.decimals, "decimal")) as SummaryCell,
            slot.indicator?.unit,
            r.achievement,
          ])
        : [],
    ),
};

const budgetTable: SummaryTableSpec<SheetModel> = {
  worksheet: LABELS.budgetSheet,
  tableName: "Budget",
  columns: [
    ...MEASURE_COLUMNS,
    { header: LABELS.year, width: 10, style: "year" },
    { header: LABELS.era, width: 12 },
    { header: LABELS.grade, width: 10 },
    { header: LABELS.kind, width: 12 },
    { header: LABELS.amount, width: 14, style: "integer" },
  ],
  rows: (model) =>
    model.budgetYears.flatMap((y) =>
      y.amounts.map((a) => [
        ...measureCells(model),
        y.year,
        eraLong(y.year),
        gradeOf(model, y.year),
        a.kind,
        valueCell(a.amount, "integer") as SummaryCell,
      ]),
    ),
};

export const xlsxLayout: XlsxLayout<SheetModel> = {
  properties: (model) => ({
    title: model.data.measure.name,
    subject: `${FORM_TITLE} ${model.evaluationYear}年度(${model.evaluationYearEra})`,
    author: model.data.division,
    keywords: model.data.measure.code,
  }),
  worksheets: (model) => [indicatorsWorksheet(model), budgetWorksheet(model)],
  summary: { title: LABELS.summaryTitle, tables: [indicatorTable, budgetTable] },
};
