/**
 * 施策進行管理・評価表(2), the projects (事務事業) under one measure. Source: the pages Kawasaki City publishes
 * each year per measure beside 評価票(1) (see README.md in this folder). This module is the form's whole
 * contract with src/.
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
  shortTitle: "評価表(2)",
  schema: sheetSchema,
  messages,
  derive,
  pdf: pdfLayout,
  xlsx: xlsxLayout,
  input: inputLayout,
  identify: (model) => {
    const { basicPolicy, basicMeasure } = model.data;
    return {
      formId: FORM_ID,
      year: model.data.evaluationYear,
      code: model.data.measure.code,
      // The book's contents print the code before the title: without a name, the form's title says what it is.
      title: model.data.measure.name ?? FORM_TITLE,
      author: model.data.division ?? "",
      // The book files a sheet under its 基本政策, then 基本施策; a sheet that names neither stands ungrouped.
      groups:
        basicPolicy === undefined ? [] : [basicPolicy, ...(basicMeasure === undefined ? [] : [basicMeasure])],
      members: model.data.projects.map((p) => p.name),
    };
  },
};

export default form;
