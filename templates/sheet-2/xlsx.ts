/**
 * The workbooks of 施策進行管理・評価表(2): the counts as live COUNTIFS formulas over the project rows (with their
 * results cached, the same numbers the PDF prints), the projects one row each, the year table one row per
 * project × row kind × column; and the year's summary table of projects, for pivot tables. Every word is in
 * LABELS or the scales of model.ts.
 */
import type {
  CellSpec,
  RowCell,
  SummaryCell,
  SummaryTableSpec,
  WorksheetSpec,
  XlsxLayout,
} from "../../src/forms/xlsx-layout.js";
import { columnLetter } from "../../src/render-xlsx/worksheet-name.js";
import { type Counts, FORM_TITLE, measureTitle, ROW_KINDS, ROW_LABELS, type SheetModel } from "./model.js";

export const LABELS = {
  countsSheet: "事業数",
  projectsSheet: "事務事業",
  yearsSheet: "事業目標・実績",
  evaluationYear: "評価年度",
  measure: "施策課題",
  code: "施策課題コード",
  basicPolicy: "基本政策",
  basicMeasure: "基本施策",
  number: "No.",
  name: "事務事業名",
  division: "所管課",
  outline: "事務事業の概要",
  achievement: "達成度",
  priority: "重点",
  priorityMark: "◎",
  validity: "事業の妥当性",
  effectiveness: "事業の有効性・効率性・経済性",
  status: "3ヵ年の事業目標に対する達成状況",
  level: "評価",
  words: "区分",
  projects: "事業数",
  priorityCount: "うち重点",
  total: "合計",
  summaryHeading: "3ヶ年の総括",
  rowKind: "区分",
  year: "年度",
  text: "記載内容",
  summaryTitle: (year: number) => `${year}年度 ${FORM_TITLE} 集計`,
} as const;

/** The columns of the projects worksheet, in order; the counts' formulas refer to them by letter. */
const PROJECT_COLUMNS = [
  "number",
  "name",
  "division",
  "achievement",
  "priority",
  "validity",
  "effectiveness",
  "status",
  "outline",
] as const;
type ProjectColumn = (typeof PROJECT_COLUMNS)[number];
const letterOf = (column: ProjectColumn) => columnLetter(PROJECT_COLUMNS.indexOf(column) + 1);

/** 評価年度 and 施策課題 on top of every worksheet, kept in view and printed on every page. */
function headerBlock(model: SheetModel, title: string, width: number): RowCell[][] {
  const { measure } = model.data;
  return [
    [{ value: `${FORM_TITLE} ${title}`, style: "title", span: width }],
    [
      { value: LABELS.evaluationYear, style: "label" },
      { value: model.evaluationYear, style: "year" },
      { value: model.evaluationYearEra, style: "text", span: width - 2 },
    ],
    [
      { value: LABELS.measure, style: "label" },
      { value: measure.code, style: "text" },
      { value: measure.name, style: "wrap", span: width - 2 },
    ],
  ];
}
const HEADER_BLOCK_ROWS = 3;

const header = (value: string): CellSpec => ({ value, style: "header" });

/** The projects worksheet: a header row under the header block, then one row per project. */
const PROJECTS_HEADER_ROW = HEADER_BLOCK_ROWS + 2;
const FIRST_PROJECT_ROW = PROJECTS_HEADER_ROW + 1;

function projectsWorksheet(model: SheetModel): WorksheetSpec {
  const rows: RowCell[][] = [...headerBlock(model, LABELS.projectsSheet, PROJECT_COLUMNS.length), []];
  rows.push(PROJECT_COLUMNS.map((c) => header(LABELS[c])));
  for (const p of model.projects) {
    const d = p.data;
    rows.push([
      { value: p.number, style: "integer" },
      { value: d.name, style: "wrap" },
      { value: d.division, style: "text" },
      { value: d.achievement, style: "integer" },
      { value: d.priority ? LABELS.priorityMark : undefined, style: "center" },
      { value: d.validity, style: "integer" },
      { value: d.effectiveness, style: "integer" },
      { value: d.status, style: "center" },
      { value: d.outline, style: "wrap" },
    ]);
  }
  return {
    name: LABELS.projectsSheet,
    rows,
    headerRows: PROJECTS_HEADER_ROW,
    minWidths: [12, 30, 20, 8, 6, 12, 14, 14, 40],
    landscape: true,
  };
}

/** `'事務事業'!$D$6:$D$24`: a column of the project rows, absolute, for COUNTIFS. */
function projectRange(model: SheetModel, column: ProjectColumn): string {
  const letter = letterOf(column);
  const last = FIRST_PROJECT_ROW + model.projects.length - 1;
  return `'${LABELS.projectsSheet}'!$${letter}$${FIRST_PROJECT_ROW}:$${letter}$${last}`;
}

/**
 * A counts table: level, its words, the projects at that level and those of them marked 重点, each a COUNTIFS
 * over the project rows with the count the PDF prints cached as its result; with `total`, a row of sums.
 */
function countsTable(
  model: SheetModel,
  title: string,
  counts: Counts,
  column: ProjectColumn,
  firstRow: number,
  total: boolean,
): RowCell[][] {
  const range = projectRange(model, column);
  const priority = projectRange(model, "priority");
  const mark = `"${LABELS.priorityMark}"`;
  const rows: RowCell[][] = [
    [header(title), header(LABELS.words), header(LABELS.projects), header(LABELS.priorityCount)],
  ];
  counts.rows.forEach((r, i) => {
    const row = firstRow + 1 + i;
    const words = r.label.slice(String(r.level).length + 1);
    rows.push([
      { value: r.level, style: typeof r.level === "number" ? "integer" : "center" },
      { value: words, style: "text" },
      { formula: `COUNTIFS(${range},A${row})`, value: r.projects, style: "integer" },
      { formula: `COUNTIFS(${range},A${row},${priority},${mark})`, value: r.priority, style: "integer" },
    ]);
  });
  if (total) {
    const from = firstRow + 1;
    const to = firstRow + counts.rows.length;
    rows.push([
      { value: LABELS.total, style: "label", span: 2 },
      { formula: `SUM(C${from}:C${to})`, value: counts.total.projects, style: "integer" },
      { formula: `SUM(D${from}:D${to})`, value: counts.total.priority, style: "integer" },
    ]);
  }
  rows.push([]);
  return rows;
}

function countsWorksheet(model: SheetModel): WorksheetSpec {
  const width = 4;
  const rows: RowCell[][] = [...headerBlock(model, LABELS.countsSheet, width), []];
  const add = (title: string, counts: Counts, column: ProjectColumn, total = false) =>
    rows.push(...countsTable(model, title, counts, column, rows.length + 1, total));
  add(LABELS.achievement, model.achievement, "achievement", true);
  rows.push([{ value: LABELS.summaryHeading, style: "title", span: width }]);
  add(LABELS.validity, model.validity, "validity");
  add(LABELS.effectiveness, model.effectiveness, "effectiveness");
  add(LABELS.status, model.status, "status");
  return { name: LABELS.countsSheet, rows, headerRows: HEADER_BLOCK_ROWS, minWidths: [14, 28, 10, 10] };
}

function yearsWorksheet(model: SheetModel): WorksheetSpec {
  const rows: RowCell[][] = [...headerBlock(model, LABELS.yearsSheet, 5), []];
  rows.push([LABELS.number, LABELS.name, LABELS.rowKind, LABELS.year, LABELS.text].map(header));
  for (const p of model.projects)
    for (const kind of ROW_KINDS)
      model.yearColumns.forEach((column, i) => {
        rows.push([
          { value: p.number, style: "integer" },
          { value: p.data.name, style: "wrap" },
          { value: ROW_LABELS[kind], style: "text" },
          { value: column.label, style: "text" },
          { value: p.cells[kind][i], style: "wrap" },
        ]);
      });
  return {
    name: LABELS.yearsSheet,
    rows,
    headerRows: HEADER_BLOCK_ROWS + 2,
    minWidths: [12, 30, 16, 16, 30],
  };
}

const projectTable: SummaryTableSpec<SheetModel> = {
  worksheet: LABELS.projectsSheet,
  tableName: "Projects",
  columns: [
    { header: LABELS.code, width: 14 },
    { header: LABELS.measure, width: 40 },
    { header: LABELS.basicPolicy, width: 30 },
    { header: LABELS.basicMeasure, width: 30 },
    { header: LABELS.number, width: 6, style: "integer" },
    { header: LABELS.name, width: 40 },
    { header: LABELS.division, width: 30 },
    { header: LABELS.achievement, width: 8, style: "integer" },
    { header: LABELS.priority, width: 6, style: "center" },
    { header: LABELS.validity, width: 12, style: "integer" },
    { header: LABELS.effectiveness, width: 14, style: "integer" },
    { header: LABELS.status, width: 14, style: "center" },
  ],
  rows: (model) =>
    model.projects.map((p): SummaryCell[] => [
      model.data.measure.code,
      model.data.measure.name,
      model.data.basicPolicy,
      model.data.basicMeasure,
      p.number,
      p.data.name,
      p.data.division,
      p.data.achievement,
      p.data.priority ? LABELS.priorityMark : undefined,
      p.data.validity,
      p.data.effectiveness,
      p.data.status,
    ]),
};

export const xlsxLayout: XlsxLayout<SheetModel> = {
  properties: (model) => ({
    title: measureTitle(model),
    subject: `${FORM_TITLE} ${model.evaluationYear}年度(${model.evaluationYearEra})`,
    author: model.data.division ?? "",
    keywords: model.data.measure.code,
  }),
  worksheets: (model) => [countsWorksheet(model), projectsWorksheet(model), yearsWorksheet(model)],
  summary: { title: LABELS.summaryTitle, tables: [projectTable] },
};
