/**
 * `npm run check:xlsx [files or globs…]` (default `out/**\/*.xlsx`): opens hyoka's workbooks in a real client,
 * LibreOffice Calc (headless), makes it recalculate every formula, and fails on any formula error or any value
 * that differs from what hyoka wrote (numbers, texts and the cached results of formulas).
 *
 * LibreOffice exits 0 even when it cannot load a file, and by default it shows a workbook's cached results
 * without recalculating; so the check is judged only by the values read back, recalculation is switched on in
 * a private profile, and a canary workbook whose cached result is wrong on purpose proves it happened.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import fg from "fast-glob";

const CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export function findSoffice(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of ["soffice", "libreoffice"]) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** RFC 4180, as LibreOffice writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** What hyoka stored in a cell: its value, or a formula's cached result. */
function storedValue(cell: ExcelJS.Cell): string | number | undefined {
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "object" && "formula" in v) {
    const result = (v as ExcelJS.CellFormulaValue).result;
    return typeof result === "number" || typeof result === "string" ? result : undefined;
  }
  return String(v);
}

function readNumber(text: string): number | undefined {
  const percent = text.endsWith("%");
  const n = Number(percent ? text.slice(0, -1) : text);
  if (text.trim() === "" || !Number.isFinite(n)) return undefined;
  return percent ? n / 100 : n;
}

const FORMULA_ERROR = /^(#[A-Z0-9/!?]+|Err:\d+)$/;

async function compare(file: string, csvFor: (sheet: string) => string | undefined): Promise<string[]> {
  const problems: string[] = [];
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  let cells = 0;
  let formulas = 0;
  for (const worksheet of workbook.worksheets) {
    const csvPath = csvFor(worksheet.name);
    if (!csvPath || !existsSync(csvPath)) {
      problems.push(`${file}: LibreOffice could not load worksheet ${worksheet.name}`);
      continue;
    }
    const grid = parseCsv(readFileSync(csvPath, "utf8"));
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.isMerged && cell.master !== cell) return;
        const place = `${file} [${worksheet.name}] ${cell.address}`;
        const shown = grid[rowNumber - 1]?.[col - 1] ?? "";
        const expected = storedValue(cell);
        const isFormula = typeof cell.value === "object" && cell.value !== null && "formula" in cell.value;
        cells++;
        if (isFormula) formulas++;
        if (FORMULA_ERROR.test(shown)) {
          problems.push(`${place}: formula error ${shown} (${cell.formula})`);
        } else if (typeof expected === "number") {
          const got = readNumber(shown);
          if (got === undefined || Math.abs(got - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
            problems.push(`${place}: LibreOffice reads ${JSON.stringify(shown)}, hyoka wrote ${expected}`);
        } else if ((expected ?? "") !== shown) {
          problems.push(
            `${place}: LibreOffice reads ${JSON.stringify(shown)}, hyoka wrote ${JSON.stringify(expected ?? "")}`,
          );
        }
      });
    });
  }
  if (problems.length === 0)
    process.stdout.write(`ok ${file}: ${cells} cells, ${formulas} formulas recalculated\n`);
  return problems;
}

async function writeCanary(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("canary").getCell("A1").value = { formula: "1+1", result: 3 };
  await workbook.xlsx.writeFile(file);
}

export async function checkWorkbooks(files: readonly string[]): Promise<string[]> {
  const soffice = findSoffice();
  if (!soffice) return ["LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"];
  const work = mkdtempSync(path.join(tmpdir(), "hyoka-check-xlsx-"));
  try {
    mkdirSync(path.join(work, "profile/user"), { recursive: true });
    writeFileSync(path.join(work, "profile/user/registrymodifications.xcu"), RECALC_ALWAYS);
    // Copies under unique names: LibreOffice names its output after the input's base name only.
    const copies = files.map((file, i) => {
      const copy = path.join(work, `w${String(i).padStart(5, "0")}.xlsx`);
      copyFileSync(file, copy);
      return copy;
    });
    const canary = path.join(work, "canary.xlsx");
    await writeCanary(canary);
    const outDir = path.join(work, "csv");
    const run = spawnSync(
      soffice,
      [
        "--headless",
        "--norestore",
        `-env:UserInstallation=${pathToFileURL(path.join(work, "profile")).href}`,
        "--convert-to",
        CSV_FILTER,
        "--outdir",
        outDir,
        canary,
        ...copies,
      ],
      { encoding: "utf8", timeout: 600_000 },
    );
    if (run.error) return [`could not run LibreOffice: ${run.error.message}`];
    const csvOf = (copy: string) => (sheet: string) =>
      path.join(outDir, `${path.basename(copy, ".xlsx")}-${sheet}.csv`);
    const canaryCsv = csvOf(canary)("canary");
    const canaryValue = existsSync(canaryCsv) ? parseCsv(readFileSync(canaryCsv, "utf8"))[0]?.[0] : undefined;
    if (canaryValue !== "2")
      return [
        `LibreOffice did not recalculate (canary read ${JSON.stringify(canaryValue)}, expected "2"): the check would prove nothing`,
      ];
    const problems: string[] = [];
    for (const [i, file] of files.entries()) {
      const copy = copies[i] as string;
      problems.push(...(await compare(file, csvOf(copy))));
    }
    return problems;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const patterns = args.length > 0 ? args : ["out/**/*.xlsx"];
  const files = (await fg(patterns, { onlyFiles: true, followSymbolicLinks: false })).sort();
  if (files.length === 0) {
    process.stderr.write(`check:xlsx: no workbooks match ${patterns.join(" ")} (run npm start first)\n`);
    return 1;
  }
  const problems = await checkWorkbooks(files);
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stdout.write(
    problems.length === 0
      ? `check:xlsx: ${files.length} workbooks opened in LibreOffice, every value and formula matches\n`
      : `check:xlsx: ${problems.length} problems in ${files.length} workbooks\n`,
  );
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`check:xlsx: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
