/**
 * The input workbook of 施策進行管理・評価票(1): the workbook staff fill in instead of writing JSON
 * (`hyoka template --form sheet-1`), laid out in the order of the printed form. Labels, limits, choices and
 * the number of rows of each list come from the schema (schema.ts); this file only says where each field goes.
 * Raise `version` whenever a cell moves: workbooks handed out before are then refused by name.
 */
import type { InputBlock, InputLayout } from "../../src/forms/input-layout.js";
import { FORM_TITLE } from "./model.js";
import { FORM_ID } from "./schema.js";

/** A text block of the form (`lead` and bullet `items`), under its title. */
function textBlock(path: string[]): InputBlock[] {
  return [
    { kind: "heading", path },
    { kind: "field", path: [...path, "lead"], lines: 4 },
    { kind: "list", path: [...path, "items"], lines: 2 },
  ];
}

/** Label column, then five input columns: long texts span all five. */
const WIDE = [24, 14, 14, 14, 14, 14] as const;

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
        { kind: "field", path: ["measure", "code"], label: "施策課題コード", span: 2 },
        { kind: "field", path: ["measure", "name"], label: "施策課題名", lines: 2 },
        { kind: "field", path: ["division"] },
        { kind: "field", path: ["basicPolicy"], lines: 2 },
        { kind: "field", path: ["policyDirection"], lines: 2 },
        { kind: "field", path: ["basicMeasure"], lines: 2 },
        { kind: "field", path: ["priority"], flag: { yes: "重点", no: "重点でない" }, span: 1 },
        { kind: "heading", path: ["plan"] },
        { kind: "field", path: ["plan", "name"] },
        { kind: "field", path: ["plan", "startYear"], span: 1 },
        { kind: "field", path: ["plan", "endYear"], span: 1 },
        { kind: "heading", path: ["relatedDivisions"] },
        { kind: "list", path: ["relatedDivisions"] },
      ],
    },
    {
      name: "概要と成果",
      widths: WIDE,
      blocks: [
        ...textBlock(["overview", "problems"]),
        ...textBlock(["overview", "outline"]),
        ...textBlock(["overview", "targets"]),
        ...textBlock(["results", "achievements"]),
        ...textBlock(["results", "remainingIssues"]),
        { kind: "heading", path: ["results", "evaluation"] },
        {
          kind: "table",
          path: ["results", "evaluation", "grades"],
          columns: [{ path: ["year"] }, { path: ["grade"], span: 1 }],
        },
        ...textBlock(["results", "evaluation", "reason"]),
        ...textBlock(["futureDirection"]),
      ],
    },
    {
      name: "参考指標",
      widths: WIDE,
      blocks: [
        {
          kind: "repeat",
          path: ["indicators"],
          blocks: [
            { kind: "field", path: ["name"], lines: 2 },
            { kind: "field", path: ["description"], lines: 3 },
            { kind: "field", path: ["direction"], span: 2 },
            { kind: "field", path: ["unit"], span: 1 },
            { kind: "field", path: ["decimals"], span: 1 },
            {
              kind: "table",
              path: ["years"],
              columns: [{ path: ["year"] }, { path: ["plan"] }, { path: ["actual"], span: 1 }],
            },
          ],
        },
      ],
    },
    {
      name: "事業費",
      widths: WIDE,
      blocks: [
        {
          kind: "repeat",
          path: ["budget", "years"],
          label: "事業費",
          blocks: [
            { kind: "field", path: ["year"], span: 1 },
            {
              kind: "table",
              path: ["amounts"],
              columns: [
                { path: ["kind"], suggest: true },
                { path: ["amount"], span: 2 },
              ],
            },
          ],
        },
      ],
    },
    {
      name: "事務事業",
      widths: [24, 40, 30],
      blocks: [
        {
          kind: "table",
          path: ["projects"],
          columns: [
            { path: ["name"], lines: 2 },
            { path: ["achievement"], lines: 2 },
          ],
        },
      ],
    },
    {
      name: "用語説明",
      widths: [24, 24, 60],
      blocks: [
        {
          kind: "table",
          path: ["glossary"],
          columns: [{ path: ["term"] }, { path: ["explanation"], lines: 3 }],
        },
      ],
    },
  ],
};
