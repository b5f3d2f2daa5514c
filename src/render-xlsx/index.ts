/**
 * The workbook renderer: a form's worksheets (per sheet) and summary tables (per year), described by the form
 * folder (`FormDefinition.xlsx`, see types.ts), written with exceljs and packed byte-identically.
 */
import type { AnyForm } from "../forms/types.js";
import { renderWorkbook, type WorkbookOptions } from "./sheet-workbook.js";
import type { XlsxLayout } from "./types.js";

export type { WorkbookOptions } from "./sheet-workbook.js";
export { type SummaryOptions, SummaryWorkbook } from "./summary-workbook.js";
export type * from "./types.js";

function layoutOf(form: AnyForm): XlsxLayout<unknown> {
  const layout = form.xlsx as XlsxLayout<unknown> | undefined;
  if (!layout) throw new Error(`form ${form.id} has no workbook layout (FormDefinition.xlsx)`);
  return layout;
}

/** `<code>.xlsx`: the sheet's tables as the form lays them out. */
export async function renderSheetWorkbook(
  form: AnyForm,
  model: unknown,
  options: WorkbookOptions,
): Promise<Uint8Array> {
  const layout = layoutOf(form);
  return renderWorkbook(layout.worksheets(model), layout.properties(model), options);
}
