/**
 * The workbook renderer: a form's worksheets (per sheet) and summary tables (per year), described by the form
 * folder (`FormDefinition.xlsx`, see types.ts), written with exceljs and packed byte-identically.
 */

export type * from "../forms/xlsx-layout.js";
export { renderSheetWorkbook, type WorkbookOptions } from "./sheet-workbook.js";
export { type SummaryOptions, SummaryWorkbook } from "./summary-workbook.js";
