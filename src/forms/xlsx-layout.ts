/**
 * What a form folder gives the workbook renderer (`FormDefinition.xlsx`): worksheets and summary tables as
 * data. The form says what goes where; src/render-xlsx decides how it is written (fonts, widths, wrapping,
 * print setup, safe text, byte-identical packing), so every form's workbooks behave alike in Excel.
 */

/** A cell's value. Strings are always stored as text, whatever they start with. */
export type CellValue = string | number | null | undefined;

/**
 * Named cell styles. Numbers keep their value; the style only chooses how Excel shows them.
 * - `title`: the worksheet's heading; `label`: a shaded label cell; `header`: a shaded, centred column header
 * - `text`: plain text; `wrap`: long text, wrapped (its row grows to fit); `center`: text, centred (a text
 *   written in a number column, e.g. `集計中`)
 * - `integer` `#,##0`; `decimal` `#,##0.###`; `fixed1` `#,##0.0`, `fixed2` `#,##0.00`, `fixed3` `#,##0.000`
 *   (a value kept to that many decimal places); `percent` `0.0%`; `year` `0"年度"`
 */
export type CellStyleName =
  | "title"
  | "label"
  | "header"
  | "text"
  | "wrap"
  | "center"
  | "integer"
  | "decimal"
  | "fixed1"
  | "fixed2"
  | "fixed3"
  | "percent"
  | "year"
  | "note";

export interface CellSpec {
  value?: CellValue;
  /** An A1-style formula without the leading `=`; `value` is its computed result, cached in the file. */
  formula?: string;
  style?: CellStyleName;
  /** How many columns the cell covers (merged to the right); 1 by default. */
  span?: number;
}

export type RowCell = CellSpec | CellValue;

/** A summary cell: a value in its column's style, or a value with a style of its own. */
export type SummaryCell = CellValue | { value: CellValue; style: CellStyleName };

export interface WorksheetSpec {
  /** Excel's rules hold: at most 31 characters, none of `: \ / ? * [ ]`; checked, never truncated. */
  name: string;
  /** Row 1 first; each row's cells start in column A. */
  rows: RowCell[][];
  /** Rows kept in view while scrolling, and repeated at the top of every printed page. */
  headerRows: number;
  /** Least width of each column, in characters; widths otherwise fit the contents. */
  minWidths?: number[];
  /** Greatest width of a column that fits its contents; longer texts wrap. Default 60. */
  maxWidth?: number;
  landscape?: boolean;
}

export interface WorkbookProperties {
  title: string;
  subject: string;
  /** The authoring division: creator and last modified by. */
  author: string;
  keywords: string;
}

export interface SummaryColumn {
  header: string;
  style?: CellStyleName;
  /** Width in characters: the summary is streamed, so widths are fixed before the first row. */
  width: number;
}

/** One Excel table (with autofilter) on a worksheet of its own, one row per record, ready for a pivot table. */
export interface SummaryTableSpec<Model = unknown> {
  worksheet: string;
  /** The table's name in formulas and pivot tables: a letter, then letters, digits or `_`. */
  tableName: string;
  columns: SummaryColumn[];
  rows(model: Model): SummaryCell[][];
}

export interface XlsxLayout<Model = unknown> {
  properties(model: Model): WorkbookProperties;
  /** The per-sheet workbook `<code>.xlsx`. */
  worksheets(model: Model): WorksheetSpec[];
  /** The consolidated workbook `summary.xlsx`. */
  summary: {
    title(year: number): string;
    tables: SummaryTableSpec<Model>[];
  };
}
