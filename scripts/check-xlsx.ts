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
    // `cell.result`, not `value.result`: exceljs's formula value leaves out a falsy result, so a cached 0 (a
    // count of none) would read as no result at all.
    const result = cell.result as unknown;
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
  if (problems.length === 0) {
    const functions = formulas > 0 ? ` (${formulaFunctions(workbook)})` : "";
    process.stdout.write(`ok ${file}: ${cells} cells, ${formulas} formulas recalculated${functions}\n`);
  }
  return problems;
}

async function writeCanary(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("canary").getCell("A1").value = { formula: "1+1", result: 3 };
  await workbook.xlsx.writeFile(file);
}

/**
 * The counts of 施策進行管理・評価表(2) are COUNTIFS over another worksheet, by a level that is a number (達成度
 * 3) or a text (達成状況 `II`, which must not count `I` or `III`), and by the 重点 mark `◎`. This canary holds such
 * rows on a worksheet with a Japanese name, and COUNTIFS whose cached results are wrong on purpose: LibreOffice
 * must correct each to {@link COUNTIFS_EXPECTED}, or the check of those workbooks would prove nothing.
 */
const COUNTIFS_ROWS: [number, string, string | null][] = [
  [3, "II", null],
  [3, "I", "◎"],
  [4, "III", null],
  [3, "II", "◎"],
];
const COUNTIFS_FORMULAS = [
  "COUNTIFS('事務事業'!$A$1:$A$4,3)",
  "COUNTIFS('事務事業'!$A$1:$A$4,3,'事務事業'!$C$1:$C$4,\"◎\")",
  "COUNTIFS('事務事業'!$B$1:$B$4,\"II\")",
  "COUNTIFS('事務事業'!$B$1:$B$4,\"I\")",
];
export const COUNTIFS_EXPECTED = ["3", "2", "2", "1"];

async function writeCountifsCanary(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const rows = workbook.addWorksheet("事務事業");
  COUNTIFS_ROWS.forEach((row, i) => {
    row.forEach((value, j) => {
      if (value !== null) rows.getCell(i + 1, j + 1).value = value;
    });
  });
  const counts = workbook.addWorksheet("counts");
  COUNTIFS_FORMULAS.forEach((formula, i) => {
    counts.getCell(i + 1, 1).value = { formula, result: 99 };
  });
  await workbook.xlsx.writeFile(file);
}

/** How many formulas of each function a workbook holds (`COUNTIFS 38, SUM 2`), for the line that says it passed. */
function formulaFunctions(workbook: ExcelJS.Workbook): string {
  const counts = new Map<string, number>();
  for (const worksheet of workbook.worksheets)
    worksheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const formula = cell.formula;
        if (!formula) return;
        const name = /^([A-Z][A-Z0-9.]*)\(/.exec(formula)?.[1] ?? "other";
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }),
    );
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
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
    const countifsCanary = path.join(work, "canary-countifs.xlsx");
    await writeCountifsCanary(countifsCanary);
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
        countifsCanary,
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
    const countsCsv = csvOf(countifsCanary)("counts");
    const countsRead = existsSync(countsCsv)
      ? parseCsv(readFileSync(countsCsv, "utf8")).map((row) => row[0] ?? "")
      : [];
    if (JSON.stringify(countsRead) !== JSON.stringify(COUNTIFS_EXPECTED))
      return [
        `LibreOffice did not recalculate COUNTIFS over another worksheet as Excel does (canary read ${JSON.stringify(countsRead)}, expected ${JSON.stringify(COUNTIFS_EXPECTED)}): the counts of the workbooks could not be checked`,
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
