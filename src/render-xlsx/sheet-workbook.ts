/**
 * The per-sheet workbook: the form's worksheets (src/render-xlsx/types.ts) written with exceljs's in-memory
 * workbook (a sheet's tables are small), its parts taken before exceljs zips them (exceljs-parts.ts) and packed
 * byte-identically (package.ts).
 */
import { createRequire } from "node:module";
import type ExcelJS from "exceljs";
import type { AnyForm } from "../forms/types.js";
import type {
  CellSpec,
  CellStyleName,
  RowCell,
  WorkbookProperties,
  WorksheetSpec,
} from "../forms/xlsx-layout.js";
import { workbookParts } from "./exceljs-parts.js";
import { packWorkbook } from "./package.js";
import { shownText, styleTable, textWidth } from "./styles.js";
import { checkWorksheetName } from "./worksheet-name.js";

/**
 * exceljs's in-memory workbook alone: `import "exceljs"` loads all of exceljs (its streaming reader and writer,
 * unzipper, CSV): measured 0.23 s of CPU and 27 MB of RSS, against 0.1 s and 16 MB for the workbook, in every
 * worker thread.
 */
export const Workbook = createRequire(import.meta.url)(
  "exceljs/lib/doc/workbook.js",
) as typeof ExcelJS.Workbook;

export interface WorkbookOptions {
  /** Creation and modification date written into the workbook (from the data, never the clock). */
  date: Date;
  version: string;
  /** The PDF's main font, so the workbook looks like the printed sheet. */
  fontFamily: string;
}

/** Excel's default row height in points, and the line height of wrapped 10 pt text. */
const ROW_HEIGHT = 15;
const LINE_HEIGHT = 13.5;
const DEFAULT_MAX_WIDTH = 60;

function asSpec(cell: RowCell): CellSpec {
  return cell !== null && typeof cell === "object" ? cell : { value: cell };
}

function hasValue(value: unknown): value is string | number {
  return typeof value === "string" || typeof value === "number";
}

/** Column widths that fit the contents: single-column cells count fully, spanning cells only if they overflow. */
function fitWidths(spec: WorksheetSpec): number[] {
  const max = spec.maxWidth ?? DEFAULT_MAX_WIDTH;
  const widths = [...(spec.minWidths ?? [])];
  const need = (col: number, width: number) => {
    widths[col] = Math.max(widths[col] ?? 4, Math.min(width, max));
  };
  for (const row of spec.rows) {
    let col = 0;
    for (const raw of row) {
      const cell = asSpec(raw);
      const span = cell.span ?? 1;
      if (span === 1 && hasValue(cell.value) && cell.style !== "title" && cell.style !== "note")
        need(col, textWidth(shownText(cell.value, cell.style)) + 2);
      col += span;
    }
  }
  return widths.map((w) => w ?? 8);
}

/** Excel does not grow a row for wrapped text in merged cells: the height is set from the text's length. */
function rowHeight(row: RowCell[], widths: number[]): number | undefined {
  let lines = 1;
  let col = 0;
  for (const raw of row) {
    const cell = asSpec(raw);
    const span = cell.span ?? 1;
    if (
      (cell.style === "wrap" || cell.style === "label" || cell.style === "header") &&
      hasValue(cell.value)
    ) {
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0) - 1;
      const textLines = String(cell.value)
        .split("\n")
        .reduce((n, part) => n + Math.max(1, Math.ceil(textWidth(part) / Math.max(width, 1))), 0);
      lines = Math.max(lines, textLines);
    }
    col += span;
  }
  return lines > 1 ? Math.max(ROW_HEIGHT, Math.ceil(lines * LINE_HEIGHT + 3)) : undefined;
}

function writeWorksheet(
  workbook: ExcelJS.Workbook,
  spec: WorksheetSpec,
  styles: Record<CellStyleName, Partial<ExcelJS.Style>>,
): void {
  checkWorksheetName(spec.name);
  const widths = fitWidths(spec);
  const worksheet = workbook.addWorksheet(spec.name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: spec.headerRows, showGridLines: false }],
    pageSetup: {
      paperSize: 9,
      orientation: spec.landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.6, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      ...(spec.headerRows > 0 ? { printTitlesRow: `1:${spec.headerRows}` } : {}),
    },
    headerFooter: { oddFooter: "&L&A&R&P / &N", evenFooter: "&L&A&R&P / &N" },
  });
  worksheet.columns = widths.map((width) => ({ width }));
  spec.rows.forEach((cells, index) => {
    const rowNumber = index + 1;
    const row = worksheet.getRow(rowNumber);
    let col = 1;
    for (const raw of cells) {
      const cell = asSpec(raw);
      const span = cell.span ?? 1;
      const target = row.getCell(col);
      if (cell.formula !== undefined) {
        // A formula written by the layout, never taken from data; its result is cached for viewers that do
        // not recalculate.
        target.value = hasValue(cell.value)
          ? { formula: cell.formula, result: cell.value }
          : ({ formula: cell.formula } as ExcelJS.CellFormulaValue);
      } else if (hasValue(cell.value)) {
        // A string is stored as a string cell, even one that starts with = + - @: exceljs makes formulas only
        // from formula objects, and data never reaches this code as one.
        target.value = cell.value;
      }
      const style = styles[cell.style ?? "text"];
      target.style = style;
      if (span > 1) {
        for (let c = col + 1; c < col + span; c++) row.getCell(c).style = style;
        worksheet.mergeCells(rowNumber, col, rowNumber, col + span - 1);
      }
      col += span;
    }
    const height = rowHeight(cells, widths);
    if (height !== undefined) row.height = height;
  });
}

/** The workbook in exceljs's memory, not yet written. */
export function buildWorkbook(
  worksheets: readonly WorksheetSpec[],
  properties: WorkbookProperties,
  options: WorkbookOptions,
): ExcelJS.Workbook {
  const workbook = new Workbook();
  workbook.creator = properties.author;
  workbook.lastModifiedBy = properties.author;
  workbook.title = properties.title;
  workbook.subject = properties.subject;
  workbook.keywords = properties.keywords;
  workbook.description = `hyoka ${options.version}`;
  workbook.created = options.date;
  workbook.modified = options.date;
  workbook.calcProperties.fullCalcOnLoad = true;
  const styles = styleTable(options.fontFamily, true);
  for (const spec of worksheets) writeWorksheet(workbook, spec, styles);
  return workbook;
}

export async function renderWorkbook(
  worksheets: readonly WorksheetSpec[],
  properties: WorkbookProperties,
  options: WorkbookOptions,
): Promise<Uint8Array> {
  const workbook = buildWorkbook(worksheets, properties, options);
  return packWorkbook(await workbookParts(workbook), options.date);
}

/**
 * `<code>.xlsx`: the sheet's tables as the form lays them out. (Here rather than in index.ts, so that a
 * worker imports it without the summary workbook and its streaming writer.)
 */
export async function renderSheetWorkbook(
  form: AnyForm,
  model: unknown,
  options: WorkbookOptions,
): Promise<Uint8Array> {
  const layout = form.xlsx;
  return renderWorkbook(layout.worksheets(model), layout.properties(model), options);
}
