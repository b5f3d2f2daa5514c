/**
 * How large a summary will be, without exceljs: the build decides from it where a year's summary is made
 * (summary-workbook.ts writes up to {@link IN_MEMORY_ROWS} rows in memory).
 */
import type { AnyForm } from "../forms/types.js";

/** Up to this many rows a summary is written in memory, some 6 MB of worksheet at most. */
export const IN_MEMORY_ROWS = 20_000;

/** The rows a summary of these sheets will have, over all of its tables. */
export function summaryRowCount(entries: Iterable<{ form: AnyForm; model: unknown }>): number {
  let rows = 0;
  for (const e of entries) for (const table of e.form.xlsx.summary.tables) rows += table.rows(e.model).length;
  return rows;
}
