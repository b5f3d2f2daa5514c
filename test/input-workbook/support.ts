/** Helpers for the input workbook's tests: export and import in-process, and a workbook edited as staff would. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { FormRegistry } from "../../src/forms/registry.js";
import type { AnyForm } from "../../src/forms/types.js";
import { planInput } from "../../src/input-workbook/plan.js";
import { type ReadResult, readInputWorkbook } from "../../src/input-workbook/read.js";
import { renderInputWorkbook } from "../../src/input-workbook/write.js";
import { guardWorkbook, repack } from "../../src/input-workbook/zip-guard.js";
import { tempDir } from "../helpers.js";

let registry: FormRegistry | undefined;

export async function forms(): Promise<FormRegistry> {
  registry ??= await FormRegistry.load();
  return registry;
}

export async function sheetForm(id = "sheet-1"): Promise<AnyForm> {
  const form = (await forms()).get(id);
  if (!form) throw new Error(`${id} missing`);
  return form;
}

export const OPTIONS = {
  date: new Date(Date.UTC(2014, 2, 31)),
  version: "test",
  fontFamily: "BIZ UDPGothic",
};

/** The input workbook of `data` (a sheet, or a part of one for a template), in the form `formId`'s layout. */
export async function exportBytes(data: unknown, formId = "sheet-1"): Promise<Uint8Array> {
  return renderInputWorkbook(planInput(await sheetForm(formId)), data, OPTIONS);
}

/** The workbook read back, through the same checks `hyoka import` makes of a file. */
export async function importBytes(bytes: Uint8Array): Promise<ReadResult> {
  const guarded = guardWorkbook(Buffer.from(bytes));
  if (!guarded.ok) throw new Error(`refused: ${guarded.message.en}`);
  return readInputWorkbook(repack(guarded.parts), await forms());
}

export type CellEdit = string | number | boolean | Date | null | { formula: string; result?: unknown };

/**
 * The workbook with cells changed as staff would change them in Excel (`"参考指標!D12": "1,234"`), saved by
 * exceljs: a workbook that went through another writer than hyoka's.
 */
export async function editWorkbook(bytes: Uint8Array, edits: Record<string, CellEdit>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  for (const [where, value] of Object.entries(edits)) {
    const [sheetName, address] = where.split("!") as [string, string];
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) throw new Error(`no worksheet ${sheetName}`);
    const cell = sheet.getCell(address);
    cell.value = value as ExcelJS.CellValue;
    // Excel gives a cell a date format when a date is typed into it.
    if (value instanceof Date) cell.numFmt = "yyyy/m/d";
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The address of the input cell of a JSON path of the plan, e.g. `["indicators", 0, "years", 2, "actual"]`. */
export async function cellOfPath(pathTo: (string | number)[], formId = "sheet-1"): Promise<string> {
  const plan = planInput(await sheetForm(formId));
  const pointer = pathTo.map((p) => `/${p}`).join("");
  const cell = plan.byPointer.get(pointer);
  if (!cell) throw new Error(`no cell for ${pointer}`);
  const col = String.fromCharCode(64 + cell.col);
  return `${cell.sheet}!${col}${cell.row}`;
}

/** LibreOffice's `soffice`, when installed (CI installs libreoffice-calc-nogui). */
export function soffice(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "soffice");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The workbook opened and saved again by LibreOffice Calc (headless, a private profile). */
export function throughLibreOffice(bytes: Uint8Array, program: string): Uint8Array {
  const dir = tempDir("hyoka-lo-");
  const input = path.join(dir, "in", "book.xlsx");
  mkdirSync(path.dirname(input), { recursive: true });
  writeFileSync(input, bytes);
  const out = path.join(dir, "out");
  const r = spawnSync(
    program,
    [
      `-env:UserInstallation=file://${path.join(dir, "profile")}`,
      "--headless",
      "--norestore",
      "--convert-to",
      "xlsx",
      "--outdir",
      out,
      input,
    ],
    { encoding: "utf8", timeout: 180_000 },
  );
  const saved = path.join(out, "book.xlsx");
  if (!existsSync(saved)) throw new Error(`LibreOffice did not convert: ${r.stderr}`);
  return new Uint8Array(readFileSync(saved));
}
