/**
 * Reads a filled-in input workbook back into a sheet's JSON: every input cell of the plan (plan.ts) at its
 * address, converted by what its field is, empty items left out and the rest numbered on, keys in the form's
 * order. Every problem is given with the worksheet and cell it came from (`参考指標!D12`) and the field as the
 * form labels it, like `hyoka validate` gives a JSON file's line and column.
 *
 * A cell holding a formula: its cached result (what Excel last showed) is read, with a warning naming the cell;
 * a formula with no cached result, or whose result is an error (`#N/A`), is an error. The data never holds a
 * formula, and hyoka never calculates one.
 */
import type ExcelJS from "exceljs";
import { looksLikeNumber } from "../forms/kit.js";
import type { AnyForm } from "../forms/types.js";
import type { Localized } from "../i18n.js";
import { pointerOf } from "../load/parse-json.js";
import { ERAS } from "../model/era.js";
import { Workbook } from "../render-xlsx/sheet-workbook.js";
import {
  cellAddress,
  cellName,
  type FieldInfo,
  formJsonSchema,
  type InputCell,
  type InputPlan,
  type PlannedWorksheet,
  planInput,
  type Segment,
  STAMP_KEYS,
  STAMP_SHEET,
} from "./plan.js";

/** A problem found in a workbook, before it is worded for the terminal. */
export interface CellProblem {
  severity: "error" | "warning";
  code: string;
  /** `参考指標!D12`, when the problem has a cell. */
  cell?: string;
  /** The JSON path of the field (the item numbers as in the file written). */
  path?: Segment[];
  message: Localized;
  hint?: Localized;
}

export interface FormLookup {
  get(id: string): AnyForm | undefined;
  ids(): string[];
}

export type ReadResult =
  | {
      ok: true;
      plan: InputPlan;
      data: Record<string, unknown>;
      /** The cell a JSON path of `data` was read from, or the nearest one (for a missing field). */
      cellOf: (path: readonly PropertyKey[]) => string | undefined;
      problems: CellProblem[];
      /** The fields whose cell was already reported: the schema's word on them would say it twice. */
      reported: Set<string>;
    }
  | { ok: false; problems: CellProblem[]; plan?: InputPlan };

/** What a cell held, in the terms the conversion needs. */
type Raw =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "date"; value: Date }
  | { kind: "error"; text: string };

function rawOf(value: ExcelJS.CellValue | undefined): { raw: Raw; formula: boolean } {
  if (value === null || value === undefined) return { raw: { kind: "empty" }, formula: false };
  if (typeof value === "string") return { raw: { kind: "text", text: value }, formula: false };
  if (typeof value === "number") return { raw: { kind: "number", value }, formula: false };
  if (typeof value === "boolean") return { raw: { kind: "boolean", value }, formula: false };
  if (value instanceof Date) return { raw: { kind: "date", value }, formula: false };
  const v = value as unknown as Record<string, unknown>;
  if ("formula" in v || "sharedFormula" in v) {
    const result = v.result as ExcelJS.CellValue | undefined;
    const inner = rawOf(result).raw;
    return { raw: result === undefined ? { kind: "empty" } : inner, formula: true };
  }
  if (Array.isArray(v.richText))
    return {
      raw: {
        kind: "text",
        text: (v.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join(""),
      },
      formula: false,
    };
  if (typeof v.text === "string") return { raw: { kind: "text", text: v.text }, formula: false };
  if (typeof v.error === "string") return { raw: { kind: "error", text: v.error }, formula: false };
  return { raw: { kind: "error", text: "?" }, formula: false };
}

/** A text as the data holds it: line breaks as `\n`, composed (NFC) as sheets are read. */
function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").normalize("NFC");
}

const ERA_YEAR = /^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*(年度|年)?$/i;

/** `H23`, `平成23年度`, `令和元年` → the western fiscal year, or undefined. */
export function eraToWestern(text: string): number | undefined {
  const m = ERA_YEAR.exec(text.normalize("NFKC").trim());
  if (!m) return undefined;
  const name = (m[1] ?? "").toUpperCase();
  const era = ERAS.find((e) => e.name === name || e.initial === name);
  if (!era) return undefined;
  const n = m[2] === "元" ? 1 : Number(m[2]);
  return era.start.year + n - 1;
}

const SKIP = Symbol("skip");

type Converted = { value: unknown } | { problem: Omit<CellProblem, "cell" | "path" | "severity"> };

/** A cell's value for its field, or why it cannot be one. Texts that read as numbers are left to the schema. */
function convert(raw: Raw, field: FieldInfo): Converted {
  const numeric = field.kind === "integer" || field.kind === "number";
  switch (raw.kind) {
    case "empty":
      return { value: undefined };
    case "error":
      return {
        problem: {
          code: "cell-error",
          message: {
            ja: `セルがエラー値 ${raw.text} です`,
            en: `the cell holds the error value ${raw.text}`,
          },
        },
      };
    case "date": {
      const y = raw.value.getUTCFullYear();
      const shown = raw.value.toISOString().slice(0, 10);
      return {
        problem: {
          code: "cell-date",
          message: numeric
            ? {
                ja: `日付(${shown})が入力されています。ここには数値を入力します`,
                en: `a date (${shown}) was entered where a number belongs`,
              }
            : {
                ja: `日付(${shown})として保存されています。ここには文字を入力します`,
                en: `the cell holds a date (${shown}), not text`,
              },
          hint: numeric
            ? {
                ja: `年度なら ${y} のように西暦の整数で入力します(日付の表示形式になっていたらセルの書式を「標準」に戻してください)`,
                en: `a year is written as a whole number such as ${y} (reset the cell's format to General if it shows a date)`,
              }
            : {
                ja: "Excel が日付に変えないよう、先頭に ' を付けて入力します",
                en: "type a ' first so that Excel keeps it as text",
              },
        },
      };
    }
    case "boolean":
      return { value: raw.value };
    case "number":
      if (field.kind === "text" || field.kind === "choice") return { value: String(raw.value) };
      if (field.kind === "flag") return { value: raw.value };
      return { value: raw.value };
    case "text": {
      const text = cleanText(raw.text);
      // A cell that only looks empty (spaces) is empty: no field may be blank text.
      if (text.trim() === "") return { value: undefined };
      if (field.kind === "flag") {
        if (text === field.flag?.yes) return { value: true };
        if (text === field.flag?.no) return { value: false };
        const choices = [field.flag?.yes, field.flag?.no].filter(Boolean).join("・");
        return {
          problem: {
            code: "cell-choice",
            message: {
              ja: `「${text}」は選べません(一覧から選びます: ${choices})`,
              en: `"${text}" is not one of the choices (${choices})`,
            },
          },
        };
      }
      if (numeric && field.kind === "integer" && !looksLikeNumber(text)) {
        const year = eraToWestern(text);
        if (year !== undefined && field.textMax === undefined)
          return {
            problem: {
              code: "cell-era-year",
              message: {
                ja: `和暦「${text}」が入力されています。年度は西暦の整数で入力します`,
                en: `"${text}" is a Japanese era year; write the western year as a whole number`,
              },
              hint: { ja: `${text} は ${year} です`, en: `${text} is ${year}` },
            },
          };
      }
      return { value: text };
    }
  }
}

function cellValue(sheet: ExcelJS.Worksheet, row: number, col: number): ExcelJS.CellValue | undefined {
  return sheet.findCell(row, col)?.value;
}

/** The text of a label cell as read back (a rich text or a number shown as text). */
function labelText(value: ExcelJS.CellValue | undefined): string | undefined {
  const { raw } = rawOf(value);
  if (raw.kind === "text") return raw.text;
  if (raw.kind === "number") return String(raw.value);
  return undefined;
}

function problem(
  code: string,
  message: Localized,
  extra: { cell?: string; hint?: Localized; severity?: "error" | "warning" } = {},
): CellProblem {
  return {
    severity: extra.severity ?? "error",
    code,
    message,
    ...(extra.cell ? { cell: extra.cell } : {}),
    ...(extra.hint ? { hint: extra.hint } : {}),
  };
}

/** Which form and layout version the workbook says it holds. */
function readStamp(
  workbook: ExcelJS.Workbook,
  forms: FormLookup,
): { ok: true; plan: InputPlan } | { ok: false; problems: CellProblem[] } {
  const stamp = workbook.getWorksheet(STAMP_SHEET);
  const get = (key: string) => {
    if (!stamp) return undefined;
    for (let r = 1; r <= 10; r++)
      if (labelText(cellValue(stamp, r, 1)) === key) return cellValue(stamp, r, 2);
    return undefined;
  };
  const marker = stamp ? labelText(cellValue(stamp, 1, 1)) : undefined;
  const formId = get(STAMP_KEYS.form);
  if (marker !== STAMP_KEYS.marker || typeof formId !== "string")
    return {
      ok: false,
      problems: [
        problem(
          "workbook-not-input",
          {
            ja: "hyoka の入力用ワークブックではありません(様式を示す隠しワークシートがありません)",
            en: "this is not a hyoka input workbook (it has no hidden worksheet naming its form)",
          },
          {
            hint: {
              ja: "hyoka template か hyoka export で作ったワークブックに入力してください",
              en: "fill in a workbook made by hyoka template or hyoka export",
            },
          },
        ),
      ],
    };
  const form = forms.get(formId);
  if (!form?.input)
    return {
      ok: false,
      problems: [
        problem("workbook-form-unknown", {
          ja: `様式「${formId}」の入力用ワークブックは読めません(読める様式: ${forms
            .ids()
            .filter((id) => forms.get(id)?.input)
            .join(", ")})`,
          en: `workbooks of the form "${formId}" cannot be read (forms with input workbooks: ${forms
            .ids()
            .filter((id) => forms.get(id)?.input)
            .join(", ")})`,
        }),
      ],
    };
  const plan = planInput(form);
  const version = get(STAMP_KEYS.version);
  if (version !== plan.layout.version)
    return {
      ok: false,
      problems: [
        problem(
          "workbook-layout-version",
          {
            ja: `様式 ${formId} のレイアウト版 ${String(version)} のワークブックです。この hyoka が読むのは版 ${plan.layout.version} です`,
            en: `the workbook has layout version ${String(version)} of the form ${formId}; this hyoka reads version ${plan.layout.version}`,
          },
          {
            hint: {
              ja: "担当者から新しいワークブック(hyoka template / hyoka export で作成)を受け取り、入力し直してください",
              en: "get a new workbook (made by hyoka template or hyoka export) and enter the values there",
            },
          },
        ),
      ],
    };
  return { ok: true, plan };
}

/** The cells of a worksheet that hold something: row, column and value (a merged range counts once). */
function filledCells(sheet: ExcelJS.Worksheet): { row: number; col: number; value: ExcelJS.CellValue }[] {
  const out: { row: number; col: number; value: ExcelJS.CellValue }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (cell.isMerged && cell.master !== cell) return;
      const { raw } = rawOf(cell.value);
      if (raw.kind === "empty" || (raw.kind === "text" && raw.text.trim() === "")) return;
      out.push({ row: rowNumber, col, value: cell.value });
    });
  });
  return out;
}

/** Labels where the plan has them, and nothing typed outside the input cells. */
function checkWorksheet(ws: PlannedWorksheet, sheet: ExcelJS.Worksheet): CellProblem[] {
  const problems: CellProblem[] = [];
  const labels = new Map(ws.labels.map((l) => [`${l.row}:${l.col}`, l]));
  const inputs = new Set(ws.inputs.map((c) => `${c.row}:${c.col}`));
  for (const label of ws.labels) {
    if (label.style === "note" || label.style === "title") continue;
    const text = labelText(cellValue(sheet, label.row, label.col));
    if (text !== label.text) {
      problems.push(
        problem(
          "workbook-layout-changed",
          {
            ja: `ワークシートのレイアウトが変えられています: ${cellAddress(label.row, label.col)} は「${label.text}」のはずが「${text ?? ""}」です(行や列の挿入・削除?)`,
            en: `the worksheet's layout was changed: ${cellAddress(label.row, label.col)} should read "${label.text}" but reads "${text ?? ""}" (rows or columns inserted or deleted?)`,
          },
          {
            cell: `${ws.name}!${cellAddress(label.row, label.col)}`,
            hint: {
              ja: "新しいワークブックに入力し直すか、挿入・削除した行を元に戻してください",
              en: "enter the values in a new workbook, or undo the inserted or deleted rows",
            },
          },
        ),
      );
      // One is enough: after a moved row, every label below has moved too.
      break;
    }
  }
  const labelRows = [...new Set(ws.labels.map((l) => l.row))].sort((a, b) => a - b);
  for (const { row, col } of filledCells(sheet)) {
    const key = `${row}:${col}`;
    if (inputs.has(key) || labels.has(key)) continue;
    const cell = `${ws.name}!${cellAddress(row, col)}`;
    const list = ws.lists.find((l) => {
      const nextLabel = labelRows.find((r) => r > l.lastRow) ?? Number.POSITIVE_INFINITY;
      return row > l.lastRow && row < nextLabel && col >= l.fromCol && col <= l.toCol;
    });
    problems.push(
      list
        ? problem(
            "too-many-items",
            {
              ja: `${list.title}は ${list.max} 件までです。${cell} はその外に書かれていて読み込めません`,
              en: `${list.title}: at most ${list.max} entries; ${cell} lies beyond them and is not read`,
            },
            { cell },
          )
        : problem(
            "cell-outside-input",
            {
              ja: "入力欄でないセルに値があります(読み込まれません)",
              en: "a value outside the input cells (it is not read)",
            },
            { cell, hint: { ja: "白い入力欄に書き直してください", en: "move it into a white input cell" } },
          ),
    );
  }
  return problems;
}

/** Sets `value` at a path, making objects (for keys) and sparse arrays (for indices) on the way. */
function setAt(root: Record<string, unknown>, path: readonly Segment[], value: unknown): void {
  let cur: Record<string | number, unknown> = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      cur[seg] = value;
      return;
    }
    const next = path[i + 1];
    cur[seg] ??= typeof next === "number" ? [] : {};
    cur = cur[seg] as Record<string | number, unknown>;
  });
}

/** Empty items left out and the rest numbered on; SKIP (a cell already reported) left out. */
function compact(
  node: unknown,
  planPath: Segment[],
  finalPath: Segment[],
  map: Map<string, Segment[]>,
): unknown {
  map.set(pointerOf(finalPath), planPath);
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    node.forEach((item, i) => {
      if (item === undefined) return;
      out.push(compact(item, [...planPath, i], [...finalPath, out.length], map));
    });
    return out;
  }
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (v === SKIP) {
        map.set(pointerOf([...finalPath, k]), [...planPath, k]);
        continue;
      }
      out[k] = compact(v, [...planPath, k], [...finalPath, k], map);
    }
    return out;
  }
  return node;
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  type?: string;
}

/** The keys of every object in the form's order (its schema's), the fixed values in their places. */
function ordered(value: unknown, node: SchemaNode | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, node?.items));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = [...Object.keys(node?.properties ?? {}), ...Object.keys(record)];
  for (const key of keys) {
    if (Object.hasOwn(out, key) || !Object.hasOwn(record, key)) continue;
    out[key] = ordered(record[key], node?.properties?.[key]);
  }
  return out;
}

/** The workbook (its checked bytes) to the sheet's JSON and the problems found on the way. */
export async function readInputWorkbook(bytes: Buffer, forms: FormLookup): Promise<ReadResult> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0]?.slice(0, 200) : String(error);
    return {
      ok: false,
      problems: [
        problem(
          "workbook-damaged",
          {
            ja: `Excel ブックとして読めません。壊れている可能性があります(${detail})`,
            en: `the workbook cannot be read; it may be damaged (${detail})`,
          },
          {
            hint: {
              ja: "Excel で開いて Excel ブック(*.xlsx)で保存し直してください",
              en: "open it in Excel and save it again as an Excel workbook (*.xlsx)",
            },
          },
        ),
      ],
    };
  }
  const stamp = readStamp(workbook, forms);
  if (!stamp.ok) return stamp;
  const { plan } = stamp;
  const problems: CellProblem[] = [];
  const known = new Set([...plan.worksheets.map((w) => w.name), STAMP_SHEET]);
  for (const sheet of workbook.worksheets)
    if (!known.has(sheet.name))
      problems.push(
        problem(
          "worksheet-extra",
          {
            ja: `ワークシート「${sheet.name}」は様式にないため読み込みません`,
            en: `the worksheet "${sheet.name}" is not part of the form and is not read`,
          },
          { severity: "warning" },
        ),
      );
  const root: Record<string, unknown> = {};
  const cellOfPlan = new Map<string, InputCell>();
  const reported = new Set<string>();
  for (const ws of plan.worksheets) {
    const sheet = workbook.getWorksheet(ws.name);
    if (!sheet) {
      problems.push(
        problem("worksheet-missing", {
          ja: `ワークシート「${ws.name}」がありません(名前を変えたり削除したりしないでください)`,
          en: `the worksheet "${ws.name}" is missing (do not rename or delete worksheets)`,
        }),
      );
      continue;
    }
    const layoutProblems = checkWorksheet(ws, sheet);
    problems.push(...layoutProblems);
    if (layoutProblems.some((p) => p.code === "workbook-layout-changed")) continue;
    for (const cell of ws.inputs) {
      cellOfPlan.set(cell.pointer, cell);
      const { raw, formula } = rawOf(cellValue(sheet, cell.row, cell.col));
      const name = cellName(cell);
      if (formula) {
        const shown =
          raw.kind === "empty"
            ? ""
            : raw.kind === "date"
              ? raw.value.toISOString()
              : String("text" in raw ? raw.text : raw.value);
        if (raw.kind === "empty" || raw.kind === "error") {
          problems.push({
            ...problem(
              "cell-formula",
              {
                ja: "数式が入力されています。計算結果が保存されていないため読めません。値を直接入力してください",
                en: "the cell holds a formula with no saved result; enter the value itself",
              },
              { cell: name },
            ),
            path: cell.path,
          });
          reported.add(cell.pointer);
          setAt(root, cell.path, SKIP);
          continue;
        }
        problems.push({
          ...problem(
            "cell-formula",
            {
              ja: `数式が入力されています。保存されている計算結果「${shown}」を読み込みました`,
              en: `the cell holds a formula; its saved result "${shown}" was read`,
            },
            {
              cell: name,
              severity: "warning",
              hint: { ja: "数式でなく値を入力してください", en: "enter the value rather than a formula" },
            },
          ),
          path: cell.path,
        });
      }
      const converted = convert(raw, cell.field);
      if ("problem" in converted) {
        problems.push({ severity: "error", ...converted.problem, cell: name, path: cell.path });
        reported.add(cell.pointer);
        setAt(root, cell.path, SKIP);
        continue;
      }
      if (converted.value !== undefined) setAt(root, cell.path, converted.value);
    }
  }
  if (problems.some((p) => p.severity === "error" && !p.path)) return { ok: false, problems, plan };
  const planPathOf = new Map<string, Segment[]>();
  const compacted = compact(root, [], [], planPathOf) as Record<string, unknown>;
  const data = ordered(
    { ...plan.layout.fixed, ...compacted },
    formJsonSchema(plan.form) as SchemaNode,
  ) as Record<string, unknown>;
  // Problems found in cells name the field by its place in the file written.
  const finalOf = new Map<string, Segment[]>();
  for (const [finalPointer, planPath] of planPathOf)
    finalOf.set(pointerOf(planPath), pathOfPointer(finalPointer));
  for (const p of problems) if (p.path) p.path = finalOf.get(pointerOf(p.path)) ?? p.path;
  const cellOf = (path: readonly PropertyKey[]): string | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const prefix = path.slice(0, n) as Segment[];
      const planPath = planPathOf.get(pointerOf(prefix)) ?? (n === 0 ? [] : undefined);
      if (!planPath) continue;
      // The rest of the path had no value: the same keys under the item's plan path.
      const full = [...planPath, ...(path.slice(n) as Segment[])];
      const exact = cellOfPlan.get(pointerOf(full)) ?? plan.byPointer.get(pointerOf(full));
      if (exact) return cellName(exact);
      const under = pointerOf(full);
      const first = plan.inputs.find((c) => c.pointer.startsWith(`${under}/`));
      if (first) return cellName(first);
    }
    return undefined;
  };
  const reportedFinal = new Set([...reported].map((p) => pointerOf(finalOf.get(p) ?? pathOfPointer(p))));
  return { ok: true, plan, data, cellOf, problems, reported: reportedFinal };
}

function pathOfPointer(pointer: string): Segment[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
