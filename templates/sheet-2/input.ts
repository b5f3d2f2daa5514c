/**
 * The input workbook of 施策進行管理・評価表(2) (`hyoka template --form sheet-2`): the measure on the first
 * worksheet, then one block per project in the order of the printed form (name, division, outline, the four
 * ratings, the year table's rows). Labels, limits, choices and the number of project slots come from the schema
 * (schema.ts); this file only says where each field goes. Raise `version` whenever a cell moves.
 */
import type { InputBlock, InputLayout } from "../../src/forms/input-layout.js";
import { FORM_TITLE } from "./model.js";
import { FORM_ID } from "./schema.js";

/** A row of the year table (事業目標, 実績…): its baseline, its year cells, and what follows the plan. */
function yearRow(key: string, withAfter: boolean): InputBlock[] {
  return [
    { kind: "heading", path: [key] },
    { kind: "field", path: [key, "baseline"], lines: 2 },
    {
      kind: "table",
      path: [key, "years"],
      columns: [{ path: ["year"] }, { path: ["text"], span: 3, lines: 2 }],
    },
    ...(withAfter ? [{ kind: "field", path: [key, "after"], lines: 2 } as const] : []),
  ];
}

/** Label column, then four input columns: long texts span all four. */
const WIDE = [26, 14, 20, 20, 20] as const;

export const inputLayout: InputLayout = {
  version: 1,
  title: FORM_TITLE,
  fixed: { $schema: `../../schemas/${FORM_ID}.schema.json`, form: FORM_ID },
  worksheets: [
    {
      name: "基本情報",
      widths: WIDE,
      blocks: [
        { kind: "heading", text: "基本情報" },
        { kind: "field", path: ["evaluationYear"], span: 1 },
        { kind: "field", path: ["measure", "code"], label: "施策課題コード", span: 1 },
        { kind: "field", path: ["measure", "name"], label: "施策課題名", lines: 2 },
        { kind: "field", path: ["division"] },
        { kind: "field", path: ["basicPolicy"], lines: 2 },
        { kind: "field", path: ["basicMeasure"], lines: 2 },
        { kind: "heading", path: ["plan"] },
        { kind: "field", path: ["plan", "name"] },
        { kind: "field", path: ["plan", "startYear"], span: 1 },
        { kind: "field", path: ["plan", "endYear"], span: 1 },
      ],
    },
    {
      name: "事務事業",
      widths: WIDE,
      blocks: [
        {
          kind: "repeat",
          path: ["projects"],
          label: "事務事業",
          blocks: [
            { kind: "field", path: ["name"], lines: 2 },
            { kind: "field", path: ["division"] },
            { kind: "field", path: ["outline"], lines: 4 },
            { kind: "field", path: ["achievement"], span: 1 },
            { kind: "field", path: ["priority"], flag: { yes: "重点" }, span: 1 },
            { kind: "field", path: ["validity"], span: 1 },
            { kind: "field", path: ["effectiveness"], span: 1 },
            { kind: "field", path: ["status"], span: 1 },
            ...yearRow("targets", true),
            ...yearRow("revisedTargets", true),
            ...yearRow("results", false),
          ],
        },
      ],
    },
  ],
};
