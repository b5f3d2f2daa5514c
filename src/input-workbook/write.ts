/**
 * Writes a form's input workbook (`hyoka template`, and `hyoka export` with a sheet's values in it): the plan's
 * labels in locked, shaded cells, the input cells unlocked with their limits as Excel's input message and a data
 * validation (drop-down lists for closed choices, whole numbers for amounts…), every worksheet protected without
 * a password, and a hidden worksheet stamped with the form and the layout version. Packed like every workbook
 * hyoka writes (src/render-xlsx/package.ts): the same inputs give the same bytes.
 */
import type ExcelJS from "exceljs";
import { workbookParts } from "../render-xlsx/exceljs-parts.js";
import { packWorkbook } from "../render-xlsx/package.js";
import { Workbook } from "../render-xlsx/sheet-workbook.js";
import {
  cellAddress,
  type FieldInfo,
  type InputCell,
  type InputPlan,
  type LabelStyle,
  type PlannedWorksheet,
  type Segment,
  STAMP_KEYS,
  STAMP_SHEET,
} from "./plan.js";

export interface InputWorkbookOptions {
  /** Creation and modification date (never the clock). */
  date: Date;
  version: string;
  fontFamily: string;
}

const FILL = (argb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb } });
const THIN = { style: "thin", color: { argb: "FF808080" } } as const;
const GRID: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function labelStyles(font: string): Record<LabelStyle, Partial<ExcelJS.Style>> {
  const f = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({
    name: font,
    size: 10,
    ...extra,
  });
  return {
    title: { font: f({ size: 14, bold: true }), alignment: { vertical: "middle" } },
    note: { font: f({ size: 9, color: { argb: "FF595959" } }), alignment: { vertical: "middle" } },
    heading: {
      font: f({ bold: true }),
      fill: FILL("FFBFBFBF"),
      border: GRID,
      alignment: { vertical: "middle", wrapText: true },
    },
    label: {
      font: f(),
      fill: FILL("FFE3E3E3"),
      border: GRID,
      alignment: { vertical: "middle", wrapText: true },
    },
    header: {
      font: f({ bold: true }),
      fill: FILL("FFE3E3E3"),
      border: GRID,
      alignment: { vertical: "middle", horizontal: "center", wrapText: true },
    },
  };
}

/** The number format of an input cell: `@` (text) keeps what is typed as typed (`001`, `1/2`). */
function numberFormat(field: FieldInfo): string {
  switch (field.kind) {
    case "integer":
      // A year reads 2013, not 2,013; an amount is grouped as on the form.
      return field.max !== undefined && field.max > 9999 ? "#,##0" : "0";
    case "number":
      return "General";
    default:
      return "@";
  }
}

function inputStyle(font: string, field: FieldInfo): Partial<ExcelJS.Style> {
  const numeric = field.kind === "integer" || field.kind === "number";
  return {
    font: { name: font, size: 10 },
    border: GRID,
    numFmt: numberFormat(field),
    alignment: numeric
      ? { vertical: "middle", horizontal: "right" }
      : { vertical: field.lines > 1 ? "top" : "middle", wrapText: true },
    protection: { locked: false },
  };
}

function group(n: number): string {
  return n.toLocaleString("en-US");
}

/** Excel's limits: a prompt of 255 characters, a title of 32. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** What the input message says of a field: its limits, whether it may be left empty. */
export function promptText(field: FieldInfo): string {
  const parts: string[] = [];
  switch (field.kind) {
    case "text":
      if (field.suggestions) parts.push(`一覧から選ぶか入力します(${field.suggestions.join("・")} など)。`);
      if (field.maxLength !== undefined) parts.push(`${group(field.maxLength)}文字以内。`);
      if (field.lines > 1) parts.push("Alt+Enter で改行できます。");
      break;
    case "integer":
    case "number": {
      const range =
        field.min !== undefined && field.max !== undefined
          ? `${group(field.min)}〜${group(field.max)} の`
          : "";
      parts.push(field.kind === "integer" ? `${range}整数(半角)。` : `${range}数値(半角)。`);
      if (field.textMax !== undefined)
        parts.push(`数値がないときは「集計中」「−」など${field.textMax}文字以内の文字も書けます。`);
      break;
    }
    case "choice":
      parts.push(`一覧から選びます: ${(field.choices ?? []).join("・")}。`);
      break;
    case "flag":
      parts.push(`一覧から選びます: ${[field.flag?.yes, field.flag?.no].filter(Boolean).join("・")}。`);
      break;
  }
  parts.push(field.required ? "必須です。" : "空欄にできます。");
  return clip(parts.join(""), 255);
}

function listFormula(values: readonly string[]): string {
  for (const v of values)
    if (v.includes(",")) throw new Error(`a drop-down choice cannot hold a comma: ${JSON.stringify(v)}`);
  return `"${values.map((v) => v.replaceAll('"', '""')).join(",")}"`;
}

function validation(field: FieldInfo): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showInputMessage: true,
    promptTitle: clip(field.title, 32),
    prompt: promptText(field),
    showErrorMessage: true,
    errorTitle: clip(field.title, 32),
  };
  switch (field.kind) {
    case "text":
      if (field.suggestions)
        // Offered, not enforced: another kind may be typed.
        return {
          ...common,
          type: "list",
          formulae: [listFormula(field.suggestions)],
          showErrorMessage: false,
        };
      {
        // Excel's own most characters in a cell, for a text the schema does not bound.
        const max = field.maxLength ?? 32_767;
        return {
          ...common,
          type: "textLength",
          operator: "lessThanOrEqual",
          formulae: [max],
          errorStyle: "stop",
          error: clip(`${group(max)}文字以内で入力してください。`, 255),
        };
      }
    case "choice":
    case "flag": {
      const values =
        field.kind === "choice"
          ? (field.choices ?? [])
          : [field.flag?.yes ?? "", ...(field.flag?.no ? [field.flag.no] : [])];
      return {
        ...common,
        type: "list",
        formulae: [listFormula(values)],
        errorStyle: "stop",
        error: clip(`一覧から選んでください: ${values.join("・")}`, 255),
      };
    }
    case "integer":
    case "number": {
      const min = field.min ?? -1e15;
      const max = field.max ?? 1e15;
      return {
        ...common,
        type: field.kind === "integer" ? "whole" : "decimal",
        operator: "between",
        formulae: [min, max],
        // A number cell that may hold a text (`集計中`) warns but lets the text stand.
        errorStyle: field.textMax !== undefined ? "warning" : "stop",
        error: clip(
          `${group(min)}〜${group(max)} の${field.kind === "integer" ? "整数" : "数値"}を半角で入力してください。` +
            (field.textMax !== undefined
              ? `数値がないときの文字(${field.textMax}文字以内)はそのまま残せます。`
              : ""),
          255,
        ),
      };
    }
  }
}

/** The value at a JSON path, or undefined. */
export function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg as string] : undefined;
  }
  return cur;
}

/**
 * A text as the workbook must store it: the file format reads `_x0041_` in a cell's text as the character
 * U+0041 (Excel, LibreOffice and exceljs all decode it), so a text that holds such a run has its `_` written
 * as `_x005F_`, which every reader decodes back to `_`. exceljs does not do this when it writes.
 */
export function escapeCellText(text: string): string {
  return text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, "_x005F_");
}

/** What an input cell shows for a value of the sheet: a number stays a number, a flag shows its text. */
function cellValue(cell: InputCell, value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value ? cell.field.flag?.yes : cell.field.flag?.no;
  if (typeof value === "string") return escapeCellText(value);
  if (typeof value === "number") return value;
  return undefined;
}

function writeWorksheet(
  workbook: ExcelJS.Workbook,
  ws: PlannedWorksheet,
  data: unknown,
  font: string,
): ExcelJS.Worksheet {
  const styles = labelStyles(font);
  const sheet = workbook.addWorksheet(ws.name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: 2, showGridLines: false }],
    pageSetup: {
      paperSize: 9,
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.6, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: "&L&A&R&P / &N", evenFooter: "&L&A&R&P / &N" },
  });
  sheet.columns = ws.widths.map((width) => ({ width }));
  const put = (row: number, col: number, span: number, style: Partial<ExcelJS.Style>) => {
    for (let c = col; c < col + span; c++) sheet.getCell(row, c).style = style;
    if (span > 1) sheet.mergeCells(row, col, row, col + span - 1);
    return sheet.getCell(row, col);
  };
  for (const label of ws.labels)
    put(label.row, label.col, label.span, styles[label.style]).value = label.text;
  for (const cell of ws.inputs) {
    const target = put(cell.row, cell.col, cell.span, inputStyle(font, cell.field));
    // A string is stored as a string cell, even one that starts with `=`: exceljs makes a formula only from a
    // formula object, and a value from the data never becomes one.
    const value = cellValue(cell, valueAt(data, cell.path));
    if (value !== undefined) target.value = value;
    target.dataValidation = validation(cell.field);
  }
  for (const [row, height] of ws.heights) sheet.getRow(row).height = height;
  return sheet;
}

/** The protection of every worksheet: no password; staff may still resize rows and columns. */
const PROTECTION = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
} as const;

/**
 * The input workbook, filled in with `data` where it has values (export), or blank but for them (template:
 * `data` holds only the year and code given on the command line).
 */
export async function renderInputWorkbook(
  plan: InputPlan,
  data: unknown,
  options: InputWorkbookOptions,
): Promise<Uint8Array> {
  const workbook = new Workbook();
  workbook.creator = "hyoka";
  workbook.lastModifiedBy = "hyoka";
  workbook.title = `${plan.layout.title} 入力用`;
  workbook.subject = `${plan.form.id} layout ${plan.layout.version}`;
  workbook.description = `hyoka ${options.version}`;
  workbook.created = options.date;
  workbook.modified = options.date;
  for (const ws of plan.worksheets) {
    const sheet = writeWorksheet(workbook, ws, data, options.fontFamily);
    await sheet.protect("", { ...PROTECTION });
  }
  const stamp = workbook.addWorksheet(STAMP_SHEET, { state: "veryHidden" });
  stamp.getCell("A1").value = STAMP_KEYS.marker;
  stamp.getCell("B1").value = "このワークシートは hyoka が読み込みに使います。変更しないでください。";
  stamp.getCell("A2").value = STAMP_KEYS.form;
  stamp.getCell("B2").value = plan.form.id;
  stamp.getCell("A3").value = STAMP_KEYS.version;
  stamp.getCell("B3").value = plan.layout.version;
  await stamp.protect("", {});
  return packWorkbook(await workbookParts(workbook), options.date);
}

export { cellAddress };
