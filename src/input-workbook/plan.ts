/**
 * A form's input layout (src/forms/input-layout.ts) made concrete: every label and input cell of the input
 * workbook with its address, and for each input cell the JSON path it fills (indices included) and what the
 * schema says of the field. `template`, `export` and `import` all work from this one plan, so a cell is read from
 * exactly where it was written.
 *
 * What a field is (text, whole number, choice…), its limits and labels come from the form's JSON Schema as
 * src/forms/json-schema.ts writes it for editors: the documented contract, walked here instead of zod's
 * internals.
 */
import { z } from "zod";
import type { InputBlock, InputFieldOptions, InputLayout, InputPath } from "../forms/input-layout.js";
import type { AnyForm } from "../forms/types.js";
import { pointerOf } from "../load/parse-json.js";
import { checkWorksheetName, columnLetter } from "../render-xlsx/worksheet-name.js";

export type Segment = string | number;

/** A JSON Schema node as zod writes it (the parts read here). */
interface SchemaNode {
  type?: string;
  title?: string;
  "x-title-en"?: string;
  "x-item-label"?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  examples?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
}

export type FieldKind = "text" | "integer" | "number" | "choice" | "flag";

export interface FieldInfo {
  kind: FieldKind;
  required: boolean;
  title: string;
  titleEn: string;
  maxLength?: number;
  min?: number;
  max?: number;
  /** A number cell that may hold a short text instead (`集計中`): the text's most characters. */
  textMax?: number;
  choices?: string[];
  suggestions?: string[];
  flag?: { yes: string; no?: string };
  lines: number;
}

export interface InputCell {
  sheet: string;
  row: number;
  col: number;
  span: number;
  /** The JSON path the cell fills, e.g. `["indicators", 0, "years", 3, "plan"]`. */
  path: Segment[];
  pointer: string;
  field: FieldInfo;
}

export type LabelStyle = "title" | "note" | "heading" | "label" | "header";

export interface LabelCell {
  row: number;
  col: number;
  span: number;
  text: string;
  style: LabelStyle;
}

/** The rows of one array, for telling "more items than the form allows" from a value merely out of place. */
export interface ListArea {
  path: Segment[];
  title: string;
  max: number;
  /** The last row the list uses; the rows below it, in its columns, are where an extra item would be typed. */
  lastRow: number;
  fromCol: number;
  toCol: number;
}

export interface PlannedWorksheet {
  name: string;
  widths: readonly number[];
  labels: LabelCell[];
  inputs: InputCell[];
  lists: ListArea[];
  /** Row heights in points, for rows that show more than one line. */
  heights: Map<number, number>;
  rowCount: number;
}

export interface InputPlan {
  form: AnyForm;
  layout: InputLayout;
  worksheets: PlannedWorksheet[];
  /** Every input cell in the order of the worksheets and rows. */
  inputs: InputCell[];
  byPointer: Map<string, InputCell>;
}

/** The hidden worksheet that says which form and layout version a workbook holds. */
export const STAMP_SHEET = "hyoka";
export const STAMP_KEYS = { marker: "hyoka-input-workbook", form: "form", version: "layout" } as const;

const LINE_HEIGHT = 13.5;
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

export function rowHeight(lines: number): number | undefined {
  return lines > 1 ? Math.ceil(lines * LINE_HEIGHT + 3) : undefined;
}

class LayoutError extends Error {}

function child(node: SchemaNode, key: string): { node: SchemaNode; required: boolean } {
  const next = node.properties?.[key];
  if (!next) throw new LayoutError(`the input layout names "${key}", which the schema does not have`);
  return { node: next, required: node.required?.includes(key) ?? false };
}

function walk(
  node: SchemaNode,
  path: InputPath,
  required = true,
): { node: SchemaNode; required: boolean; parent: SchemaNode } {
  let cur = { node, required, parent: node };
  for (const key of path) {
    if (cur.node.type !== "object")
      throw new LayoutError(`the input layout goes into "${key}" of a field that is not an object`);
    cur = { ...child(cur.node, key), parent: cur.node };
  }
  return cur;
}

function titles(node: SchemaNode, fallback: string): { title: string; titleEn: string } {
  const title = node.title ?? fallback;
  return { title, titleEn: node["x-title-en"] ?? title };
}

/** What the schema says of a single-valued field, with the layout's options. */
export function fieldInfo(
  node: SchemaNode,
  required: boolean,
  key: string,
  options: InputFieldOptions,
): FieldInfo {
  const base = {
    required,
    ...titles(node, key),
    ...(options.label !== undefined ? { title: options.label } : {}),
    lines: options.lines ?? 1,
  };
  const number = node.anyOf?.find((n) => n.type === "number" || n.type === "integer");
  const text = node.anyOf?.find((n) => n.type === "string");
  if (number && text) {
    return {
      ...base,
      kind: number.type === "integer" ? "integer" : "number",
      ...limits(number),
      ...(text.maxLength !== undefined ? { textMax: text.maxLength } : {}),
    };
  }
  if (node.anyOf) throw new LayoutError(`field "${key}": a choice of types the input workbook cannot offer`);
  if (node.enum) return { ...base, kind: "choice", choices: node.enum.map(String) };
  switch (node.type) {
    case "string":
      return {
        ...base,
        kind: "text",
        ...(node.maxLength !== undefined ? { maxLength: node.maxLength } : {}),
        ...(options.suggest && node.examples ? { suggestions: node.examples.map(String) } : {}),
      };
    case "integer":
    case "number":
      return { ...base, kind: node.type, ...limits(node) };
    case "boolean":
      if (!options.flag)
        throw new LayoutError(`field "${key}" is true/false: the layout must give its texts`);
      return { ...base, kind: "flag", flag: options.flag };
    default:
      throw new LayoutError(`field "${key}" is not a single value (${node.type ?? "?"})`);
  }
}

function limits(node: SchemaNode): { min?: number; max?: number } {
  return {
    ...(node.minimum !== undefined ? { min: node.minimum } : {}),
    ...(node.maximum !== undefined ? { max: node.maximum } : {}),
  };
}

function arrayMax(node: SchemaNode, path: readonly Segment[]): number {
  if (node.type !== "array" || !node.items) throw new LayoutError(`${pointerOf(path)} is not a list`);
  if (node.maxItems === undefined)
    throw new LayoutError(`${pointerOf(path)} has no most items: the input workbook needs one to lay it out`);
  return node.maxItems;
}

/** The label of the n-th item of a list (0-based), as the form counts them. */
export function slotLabel(node: SchemaNode, index: number, label?: string): string {
  const title = label ?? titles(node, "#").title;
  switch (node["x-item-label"]) {
    case "circled":
      return `${title}${CIRCLED[index] ?? `(${index + 1})`}`;
    case "bullet":
      return `●${index + 1}`;
    default:
      return `${title} ${index + 1}`;
  }
}

/** Lays the worksheets out, row by row. */
class Planner {
  readonly worksheets: PlannedWorksheet[] = [];
  private sheet!: PlannedWorksheet;
  private row = 0;

  constructor(
    private readonly root: SchemaNode,
    private readonly layout: InputLayout,
  ) {}

  plan(): PlannedWorksheet[] {
    for (const ws of this.layout.worksheets) {
      checkWorksheetName(ws.name);
      this.sheet = {
        name: ws.name,
        widths: ws.widths,
        labels: [],
        inputs: [],
        lists: [],
        heights: new Map(),
        rowCount: 0,
      };
      this.row = 1;
      const width = ws.widths.length;
      this.label(1, width, `${this.layout.title} ${ws.name}`, "title");
      this.row = 2;
      this.label(
        1,
        width,
        "白いセルに入力します(灰色のセルは変更できません)。空欄の行は読み込まれません。",
        "note",
      );
      this.row = 3;
      this.blocks(ws.blocks, [], this.root, true);
      this.sheet.rowCount = this.row - 1;
      this.worksheets.push(this.sheet);
    }
    return this.worksheets;
  }

  private get width(): number {
    return this.sheet.widths.length;
  }

  private label(col: number, span: number, text: string, style: LabelStyle): void {
    this.sheet.labels.push({ row: this.row, col, span, text, style });
  }

  private input(
    col: number,
    span: number,
    path: Segment[],
    node: SchemaNode,
    required: boolean,
    options: InputFieldOptions,
  ): void {
    const key = String(path[path.length - 1]);
    const field = fieldInfo(node, required, key, options);
    this.sheet.inputs.push({
      sheet: this.sheet.name,
      row: this.row,
      col,
      span,
      path,
      pointer: pointerOf(path),
      field,
    });
    const height = rowHeight(field.lines);
    if (height !== undefined)
      this.sheet.heights.set(this.row, Math.max(height, this.sheet.heights.get(this.row) ?? 0));
  }

  private blocks(blocks: readonly InputBlock[], base: Segment[], node: SchemaNode, required: boolean): void {
    for (const block of blocks) this.block(block, base, node, required);
  }

  private block(block: InputBlock, base: Segment[], node: SchemaNode, required: boolean): void {
    switch (block.kind) {
      case "heading": {
        const text = block.text ?? titles(walk(node, block.path ?? []).node, "").title;
        if (this.row > 3) this.row++; // a blank row before each heading but the first
        this.label(1, this.width, text, "heading");
        this.row++;
        return;
      }
      case "field": {
        const at = walk(node, block.path, required);
        this.label(1, 1, block.label ?? titles(at.node, String(block.path.at(-1))).title, "label");
        this.input(2, block.span ?? this.width - 1, [...base, ...block.path], at.node, at.required, block);
        this.row++;
        return;
      }
      case "list": {
        const at = walk(node, block.path, required);
        const path = [...base, ...block.path];
        const max = arrayMax(at.node, path);
        const item = at.node.items as SchemaNode;
        for (let i = 0; i < max; i++) {
          this.label(1, 1, slotLabel(at.node, i), "label");
          this.input(2, this.width - 1, [...path, i], item, true, { lines: block.lines ?? 1 });
          this.row++;
        }
        this.list(path, at.node, max, 2, this.width);
        return;
      }
      case "table": {
        const at = walk(node, block.path, required);
        const path = [...base, ...block.path];
        const max = arrayMax(at.node, path);
        const item = at.node.items as SchemaNode;
        const spans = block.columns.map((c, i) =>
          i === block.columns.length - 1
            ? (c.span ?? this.width - 1 - block.columns.slice(0, -1).reduce((n, d) => n + (d.span ?? 1), 0))
            : (c.span ?? 1),
        );
        this.label(1, 1, titles(at.node, "").title, "header");
        let col = 2;
        block.columns.forEach((c, i) => {
          const columnNode = walk(item, c.path).node;
          this.label(
            col,
            spans[i] ?? 1,
            c.label ?? titles(columnNode, String(c.path.at(-1))).title,
            "header",
          );
          col += spans[i] ?? 1;
        });
        this.row++;
        for (let i = 0; i < max; i++) {
          this.label(1, 1, String(i + 1), "label");
          let c = 2;
          block.columns.forEach((column, k) => {
            const cell = walk(item, column.path, true);
            this.input(c, spans[k] ?? 1, [...path, i, ...column.path], cell.node, cell.required, column);
            c += spans[k] ?? 1;
          });
          this.row++;
        }
        this.list(path, at.node, max, 2, col - 1);
        return;
      }
      case "repeat": {
        const at = walk(node, block.path, required);
        const path = [...base, ...block.path];
        const max = arrayMax(at.node, path);
        const item = at.node.items as SchemaNode;
        for (let i = 0; i < max; i++) {
          if (this.row > 3) this.row++;
          this.label(1, this.width, slotLabel(at.node, i, block.label), "heading");
          this.row++;
          this.blocks(block.blocks, [...path, i], item, true);
        }
        this.list(path, at.node, max, 1, this.width);
        return;
      }
    }
  }

  private list(path: Segment[], node: SchemaNode, max: number, fromCol: number, toCol: number): void {
    this.sheet.lists.push({
      path,
      title: titles(node, "").title,
      max,
      lastRow: this.row - 1,
      fromCol,
      toCol,
    });
  }
}

/** The JSON Schema of a form, as editors get it (src/forms/json-schema.ts). */
export function formJsonSchema(form: AnyForm): SchemaNode {
  return z.toJSONSchema(form.schema, { io: "input", unrepresentable: "any" }) as SchemaNode;
}

const plans = new WeakMap<AnyForm, InputPlan>();

/** The plan of a form's input workbook; throws for a layout that does not fit the schema (a template bug). */
export function planInput(form: AnyForm): InputPlan {
  const known = plans.get(form);
  if (known) return known;
  const layout = form.input;
  if (!layout) throw new Error(`the form ${form.id} has no input workbook (templates/${form.id}/input.ts)`);
  let worksheets: PlannedWorksheet[];
  try {
    worksheets = new Planner(formJsonSchema(form), layout).plan();
  } catch (error) {
    if (error instanceof LayoutError) throw new Error(`templates/${form.id}/input.ts: ${error.message}`);
    throw error;
  }
  const inputs = worksheets.flatMap((w) => w.inputs);
  const byPointer = new Map(inputs.map((c) => [c.pointer, c]));
  if (byPointer.size !== inputs.length)
    throw new Error(`templates/${form.id}/input.ts: a field is laid out twice`);
  const plan: InputPlan = { form, layout, worksheets, inputs, byPointer };
  plans.set(form, plan);
  return plan;
}

/** `参考指標!D12` */
export function cellName(cell: { sheet: string; row: number; col: number }): string {
  return `${cell.sheet}!${cellAddress(cell.row, cell.col)}`;
}
