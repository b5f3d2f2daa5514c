/**
 * The parts of an exceljs in-memory workbook (name → bytes) as `workbook.xlsx.writeBuffer()` would zip them,
 * the same entries in the same order, without the zip.
 *
 * writeBuffer zips every part with JSZip (a setImmediate tick per part, even when only storing), only for
 * package.ts to unzip them again and compress them with a fixed date: profiled in a 200-sheet build at 2–3 ms of
 * a workbook's ~7 ms (warm, in-process, a workbook took 1.9 ms with the round trip, 1.4 ms without).
 * exceljs offers no way to get the parts, so this repeats the steps of its `XLSX.write` (lib/xlsx/xlsx.js) with
 * a collector in place of its ZipWriter. That ties hyoka to exceljs 4.4.0's internals (its last release, from
 * 2023): any other version is refused here until the steps are compared again, and
 * test/render-xlsx/exceljs-parts.test.ts checks them against writeBuffer's zip, entry by entry.
 */
import { createRequire } from "node:module";
import type ExcelJS from "exceljs";

const EXCELJS_VERSION = "4.4.0";

const require = createRequire(import.meta.url);
const installed = (require("exceljs/package.json") as { version: string }).version;
if (installed !== EXCELJS_VERSION) {
  throw new Error(
    `exceljs ${installed} is installed; src/render-xlsx/exceljs-parts.ts repeats the internals of exceljs ` +
      `${EXCELJS_VERSION} (XLSX.write) and must be checked against this version first`,
  );
}

/** What exceljs's ZipWriter is asked to do by the steps of `XLSX.write`. */
interface PartSink {
  append(data: unknown, options: { name: string; base64?: boolean }): void;
}

type Step = (zip: PartSink, model: unknown) => Promise<void> | void;

/** exceljs 4.4.0's `XLSX` (`workbook.xlsx`), as far as `write` uses it. */
interface XlsxWriter {
  prepareModel(model: unknown, options: object): void;
  addContentTypes: Step;
  addOfficeRels: Step;
  addWorkbookRels: Step;
  addWorksheets: Step;
  addSharedStrings: Step;
  addDrawings: Step;
  addTables: Step;
  addThemes: Step;
  addStyles: Step;
  addMedia: Step;
  addApp: Step;
  addCore: Step;
  addWorkbook: Step;
}

const EMPTY = new Uint8Array(0);

/**
 * Collects the parts as JSZip would hold them. JSZip also adds an entry for each folder, before the first part
 * in it (`_rels/`, `xl/`, `xl/worksheets/`, …): the workbooks have always had them, so they are kept, in the same
 * places, and the bytes stay what they were. A part added twice keeps its first place, as in JSZip.
 */
class PartCollector implements PartSink {
  readonly parts = new Map<string, Uint8Array>();

  append(data: unknown, options: { name: string; base64?: boolean }): void {
    const { name } = options;
    // Only images come as base64 or file contents, and hyoka's workbooks have none.
    if (options.base64) throw new Error(`exceljs part ${name}: base64 parts are not supported`);
    let bytes: Uint8Array;
    if (typeof data === "string") bytes = Buffer.from(data, "utf8");
    else if (data instanceof Uint8Array) bytes = data;
    else throw new Error(`exceljs part ${name}: unexpected ${typeof data}`);
    this.folder(name);
    this.parts.set(name, bytes);
  }

  /** JSZip's `createFolders`: the folder holding `name`, after its own parent folder. */
  private folder(name: string): void {
    const slash = name.lastIndexOf("/", name.length - 2);
    if (slash <= 0) return;
    const folder = name.slice(0, slash + 1);
    if (this.parts.has(folder)) return;
    this.folder(folder);
    this.parts.set(folder, EMPTY);
  }
}

export async function workbookParts(workbook: ExcelJS.Workbook): Promise<Map<string, Uint8Array>> {
  const xlsx = workbook.xlsx as unknown as XlsxWriter;
  const { model } = workbook as unknown as { model: unknown };
  const zip = new PartCollector();
  // exceljs 4.4.0's XLSX.write(stream, options), step for step, with writeBuffer's defaults (no options but
  // the zip's). The awaits and Promise.all pairs are kept as write has them: the order of the parts is theirs.
  xlsx.prepareModel(model, {});
  await xlsx.addContentTypes(zip, model);
  await xlsx.addOfficeRels(zip, model);
  await xlsx.addWorkbookRels(zip, model);
  await xlsx.addWorksheets(zip, model);
  await xlsx.addSharedStrings(zip, model);
  await xlsx.addDrawings(zip, model);
  await xlsx.addTables(zip, model);
  await Promise.all([xlsx.addThemes(zip, model), xlsx.addStyles(zip, model)]);
  await xlsx.addMedia(zip, model);
  await Promise.all([xlsx.addApp(zip, model), xlsx.addCore(zip, model)]);
  await xlsx.addWorkbook(zip, model);
  return zip.parts;
}
