/**
 * The last step of every workbook: the zip exceljs wrote, re-packed so the same inputs give the same bytes,
 * with Excel tables added where exceljs cannot write them.
 *
 * exceljs's zip writer (JSZip) stamps every entry with the time of writing and takes no date option, so its
 * output differs from run to run even with the workbook's own dates fixed. exceljs is asked to store entries
 * uncompressed and fflate compresses them once, in exceljs's order, with one fixed date.
 *
 * exceljs's streaming writer, the only one that keeps a large summary in bounded memory, has no tables: they are
 * written here as the small parts the format defines (a table part, the sheet's relationship to it, its content
 * type and a `tableParts` element at the end of the worksheet).
 */
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from "fflate";

/** What exceljs is told, so it does no compression of its own. */
export const EXCELJS_ZIP_OPTIONS = { compression: "STORE" } as const;

export interface TablePart {
  /** Worksheet number as exceljs numbers them (`xl/worksheets/sheet<n>.xml`), from 1. */
  sheetNumber: number;
  name: string;
  headers: string[];
  /** The table's range, header row included, e.g. `A1:J120`. */
  ref: string;
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const TABLE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table";
const TABLE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

function tableXml(id: number, table: TablePart): string {
  const columns = table.headers.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeXml(h)}"/>`).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<table xmlns="${MAIN_NS}" id="${id}" name="${table.name}" displayName="${table.name}" ref="${table.ref}" totalsRowShown="0">` +
    `<autoFilter ref="${table.ref}"/>` +
    `<tableColumns count="${table.headers.length}">${columns}</tableColumns>` +
    `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>` +
    `</table>`
  );
}

function addTables(entries: Zippable, tables: readonly TablePart[]): void {
  const text = (name: string) => {
    const bytes = entries[name];
    if (!(bytes instanceof Uint8Array)) throw new Error(`workbook part missing: ${name}`);
    return strFromU8(bytes);
  };
  let contentTypes = text("[Content_Types].xml");
  tables.forEach((table, i) => {
    const id = i + 1;
    const sheetPath = `xl/worksheets/sheet${table.sheetNumber}.xml`;
    const relsPath = `xl/worksheets/_rels/sheet${table.sheetNumber}.xml.rels`;
    const relId = `rIdTable${id}`;
    entries[`xl/tables/table${id}.xml`] = strToU8(tableXml(id, table));
    const rel = `<Relationship Id="${relId}" Type="${TABLE_REL}" Target="../tables/table${id}.xml"/>`;
    const rels = entries[relsPath]
      ? text(relsPath).replace("</Relationships>", `${rel}</Relationships>`)
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}">${rel}</Relationships>`;
    entries[relsPath] = strToU8(rels);
    const sheet = text(sheetPath);
    if (sheet.includes("<tableParts")) throw new Error(`${sheetPath} already has tables`);
    entries[sheetPath] = strToU8(
      sheet.replace(
        "</worksheet>",
        `<tableParts count="1"><tablePart r:id="${relId}"/></tableParts></worksheet>`,
      ),
    );
    contentTypes = contentTypes.replace(
      "</Types>",
      `<Override PartName="/xl/tables/table${id}.xml" ContentType="${TABLE_TYPE}"/></Types>`,
    );
  });
  entries["[Content_Types].xml"] = strToU8(contentTypes);
}

/** The workbook's final bytes: entries in exceljs's order, compressed once, every date `date`. */
export function packWorkbook(zip: Uint8Array, date: Date, tables: readonly TablePart[] = []): Uint8Array {
  const entries: Zippable = unzipSync(zip);
  if (tables.length > 0) addTables(entries, tables);
  // Zip dates are local DOS times: the same instant would give other bytes in another time zone.
  const mtime = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 12, 0, 0);
  return zipSync(entries, { level: 6, mtime });
}
