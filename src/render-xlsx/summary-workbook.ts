/**
 * The consolidated workbook `<year>/summary.xlsx`: each of the form's summary tables (one row per measure ×
 * indicator × year, per measure × year × kind of amount, …) on a worksheet of its own, as an Excel table with
 * autofilter.
 *
 * A year can hold hundreds of sheets and a table hundreds of thousands of rows: exceljs's in-memory workbook
 * took 2.4 GB for 200,000 rows, its streaming writer about a tenth. So a large summary is streamed, one table
 * after the other, straight from the models. A summary of up to {@link IN_MEMORY_ROWS} rows (a year's usual
 * few hundred sheets make a few thousand) is written as a sheet's workbook is, through exceljs's in-memory
 * workbook and whole parts (sheet-workbook.ts, package.ts): a few MB at most, and code a build's workers have
 * run for every sheet, so a summary made there is fast from the start (`hyoka build` makes it in a worker; at
 * the end of a 200-sheet build the streaming path, loaded and run for the first time on the main thread, took
 * 0.3 s). The two paths write the same worksheets, cells, styles and tables.
 */
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import type ExcelJS from "exceljs";
import type { AnyForm } from "../forms/types.js";
import type { CellStyleName, SummaryCell, SummaryTableSpec } from "../forms/xlsx-layout.js";
import { workbookParts } from "./exceljs-parts.js";
import { packWorkbook, type TablePart, WorkbookRepacker } from "./package.js";
import { Workbook, type WorkbookOptions } from "./sheet-workbook.js";
import { styleTable } from "./styles.js";
import { IN_MEMORY_ROWS, summaryRowCount } from "./summary-size.js";
import { checkTableName, checkWorksheetName, columnLetter } from "./worksheet-name.js";

/**
 * exceljs's streaming writer alone, loaded when a summary is large enough to need it: `import "exceljs"` loads
 * all of exceljs (its readers, unzipper, CSV): measured 0.23 s of CPU and 27 MB of RSS, against 0.1 s and 17 MB
 * for the writer.
 */
function streamingWriter(): typeof ExcelJS.stream.xlsx.WorkbookWriter {
  return createRequire(import.meta.url)(
    "exceljs/lib/stream/xlsx/workbook-writer.js",
  ) as typeof ExcelJS.stream.xlsx.WorkbookWriter;
}

export interface SummaryOptions extends WorkbookOptions {
  year: number;
  /** Up to how many rows the summary is written in memory ({@link IN_MEMORY_ROWS}; 0: always streamed). */
  inMemoryRows?: number;
}

interface Entry {
  form: AnyForm;
  model: unknown;
}

function tablesOf(form: AnyForm): SummaryTableSpec[] {
  return form.xlsx.summary.tables;
}

export class SummaryWorkbook {
  private readonly entries: Entry[] = [];

  constructor(private readonly options: SummaryOptions) {}

  /** Sheets are kept as models and streamed out in {@link finish}, in the order added. */
  add(form: AnyForm, model: unknown): void {
    this.entries.push({ form, model });
  }

  async finish(): Promise<Uint8Array> {
    const { options } = this;
    // In order of form id, not of the sheets' arrival: a build's workers finish the sheets of one code in any
    // order, and the worksheets' order (and so the bytes) must not follow them.
    const forms = [...new Map(this.entries.map((e) => [e.form.id, e.form])).values()].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    if (summaryRowCount(this.entries) <= (options.inMemoryRows ?? IN_MEMORY_ROWS)) {
      const workbook = new Workbook();
      const tables = this.write(workbook, forms);
      return packWorkbook(await workbookParts(workbook), options.date, tables);
    }
    const tableCount = forms.reduce((n, form) => n + tablesOf(form).length, 0);
    // One table per worksheet, numbered as exceljs numbers worksheets: in the order they are added.
    const repacker = new WorkbookRepacker(
      options.date,
      Array.from({ length: tableCount }, (_, i) => i + 1),
    );
    const sink = new PassThrough();
    const ended = new Promise<void>((resolve, reject) => {
      sink.on("data", (chunk: Buffer) => {
        try {
          repacker.push(chunk);
        } catch (error) {
          sink.destroy(error as Error);
        }
      });
      sink.on("end", resolve);
      sink.on("error", reject);
    });
    const WorkbookWriter = streamingWriter();
    const workbook = new WorkbookWriter({
      stream: sink,
      useStyles: true,
      useSharedStrings: true,
      // Light, fast compression: the repacker inflates each entry as it streams and compresses it for good.
      zip: { zlib: { level: 1 } },
    } as unknown as ExcelJS.stream.xlsx.WorkbookStreamWriterOptions);
    const tables = this.write(workbook, forms);
    await workbook.commit();
    await ended;
    repacker.push(new Uint8Array(0), true);
    return repacker.finish(tables);
  }

  /**
   * The worksheets, one per summary table of each form, with their rows, into either writer (rows and worksheets
   * are committed as written, which the in-memory workbook ignores); the tables to declare on them.
   */
  private write(
    workbook: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter,
    forms: readonly AnyForm[],
  ): TablePart[] {
    const { options } = this;
    // Every form's title when the year holds several: the workbook is all of theirs.
    const titles = [...new Set(forms.map((form) => form.xlsx.summary.title(options.year)))];
    const title = titles.length > 0 ? titles.join(" / ") : `${options.year}`;
    workbook.creator = `hyoka ${options.version}`;
    workbook.lastModifiedBy = `hyoka ${options.version}`;
    workbook.created = options.date;
    workbook.modified = options.date;
    (workbook as unknown as { title: string }).title = title;

    const styles = styleTable(options.fontFamily, false);
    const headerStyle: Partial<ExcelJS.Style> = { ...styles.header, border: {} };
    const tables: TablePart[] = [];
    let sheetNumber = 0;
    // Two forms in one year whose tables share a name are told apart: the worksheet by what a list of forms
    // calls the form (`参考指標_評価票(1)`), the table by its id. Names that differ stay as the form gives them.
    const count = (key: (t: { worksheet: string; tableName: string }) => string) => {
      const seen = new Map<string, number>();
      for (const f of forms) for (const t of tablesOf(f)) seen.set(key(t), (seen.get(key(t)) ?? 0) + 1);
      return seen;
    };
    const worksheetNames = count((t) => t.worksheet);
    const tableNames = count((t) => t.tableName.toLowerCase());
    for (const form of forms) {
      const models = this.entries.filter((e) => e.form === form).map((e) => e.model);
      for (const table of tablesOf(form)) {
        const name =
          (worksheetNames.get(table.worksheet) ?? 0) > 1
            ? `${table.worksheet}_${form.shortTitle ?? form.id}`
            : table.worksheet;
        const tableName =
          (tableNames.get(table.tableName.toLowerCase()) ?? 0) > 1
            ? `${table.tableName}_${form.id.replace(/\W/g, "_")}`
            : table.tableName;
        checkWorksheetName(name);
        checkTableName(tableName);
        sheetNumber++;
        const worksheet = workbook.addWorksheet(name, {
          views: [{ state: "frozen", xSplit: 0, ySplit: 1 }],
          pageSetup: {
            paperSize: 9,
            orientation: "landscape",
            fitToPage: true,
            fitToWidth: 1,
            fitToHeight: 0,
            printTitlesRow: "1:1",
          },
          headerFooter: { oddFooter: "&L&A&R&P / &N" },
        });
        worksheet.columns = table.columns.map((c) => ({
          width: c.width,
          style: styles[c.style ?? "text"],
        }));
        const header = worksheet.addRow(table.columns.map((c) => c.header));
        header.eachCell((cell) => {
          cell.style = headerStyle;
        });
        header.commit();
        let rows = 0;
        const columnStyles = table.columns.map((c): CellStyleName => c.style ?? "text");
        for (const model of models) {
          for (const values of table.rows(model)) {
            const cellStyle = (v: SummaryCell, col: number) =>
              styles[
                (v !== null && typeof v === "object" ? v.style : undefined) ?? columnStyles[col] ?? "text"
              ];
            const row = worksheet.addRow(
              values.map((v) => {
                const plain = v !== null && typeof v === "object" ? v.value : v;
                return plain === undefined ? null : plain;
              }),
            );
            row.eachCell((cell, col) => {
              cell.style = cellStyle(values[col - 1], col - 1);
            });
            row.commit();
            rows++;
          }
        }
        (worksheet as { commit?: () => void }).commit?.();
        const lastColumn = columnLetter(table.columns.length);
        tables.push({
          sheetNumber,
          name: tableName,
          headers: table.columns.map((c) => c.header),
          // A table needs a row below its header, even an empty one.
          ref: `A1:${lastColumn}${Math.max(rows, 1) + 1}`,
        });
      }
    }
    return tables;
  }
}
