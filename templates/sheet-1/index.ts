/**
 * 施策進行管理・評価票(1), the policy evaluation sheet. Source: the sheets Kawasaki City publishes each year
 * (see README.md in this folder). This module is the form's whole contract with src/.
 */
import type { FormDefinition } from "../../src/forms/types.js";
import { inputLayout } from "./input.js";
import { messages } from "./messages.js";
import { derive, FORM_TITLE, type SheetModel } from "./model.js";
import { pdfLayout } from "./pdf.js";
import { FORM_ID, type SheetData, sheetSchema } from "./schema.js";
import { xlsxLayout } from "./xlsx.js";

const form: FormDefinition<SheetData, SheetModel> = {
  id: FORM_ID,
  title: FORM_TITLE,
  shortTitle: "評価票(1)",
  schema: sheetSchema,
  messages,
  derive,
  pdf: pdfLayout,
  xlsx: xlsxLayout,
  input: inputLayout,
  identify: (model) => ({
    formId: FORM_ID,
    year: model.data.evaluationYear,
    code: model.data.measure.code,
    title: model.data.measure.name,
    author: model.data.division,
    groups: [model.data.basicPolicy, model.data.basicMeasure],
    // 配下の事務事業一覧: the companion form (2) of the measure lists the same projects.
    members: (model.data.projects ?? []).map((p) => p.name),
  }),
};

export default form;
