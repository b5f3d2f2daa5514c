import type { z } from "zod";
import type { Lang } from "../i18n.js";
import type { InputLayout } from "./input-layout.js";
import type { PdfLayout } from "./pdf-layout.js";
import type { XlsxLayout } from "./xlsx-layout.js";

/** A message for a custom issue, in each language, from the parameters. */
export type MessageCatalog = Record<string, Record<Lang, (params: Record<string, unknown>) => string>>;

/** What every sheet is known by, whatever its form: where its outputs go and how the book groups it. */
export interface SheetIdentity {
  formId: string;
  /** Evaluation year: the outputs go to `out/<year>/`. */
  year: number;
  /** Code of the measure: the outputs are `<code>.pdf` and `<code>.xlsx`. Digits only. */
  code: string;
  /** Title for PDF metadata and the book's contents. */
  title: string;
  /** Authoring division: PDF Author, workbook creator. */
  author: string;
  /** Grouping for the book's contents and bookmarks, outermost first (e.g. 基本政策, 基本施策). */
  groups: string[];
  /**
   * The items (e.g. projects, 事務事業) the sheet lists by name, when its form lists any. Two sheets of the same
   * year and code but different forms that both list members must list the same ones: a build warns otherwise.
   */
  members?: string[];
}

/**
 * The contract a form folder (`templates/<id>/index.ts`) implements. src/ discovers the folder and never names
 * it, so a second form is a new folder, not new code. Beside it, `templates/<id>/form.json` declares where the
 * raw data holds the year and code that `identify()` names (src/forms/identity-hint.ts).
 */
export interface FormDefinition<Data = unknown, Model = unknown> {
  id: string;
  /** The form's printed title, e.g. `施策進行管理・評価票(1)`. */
  title: string;
  /**
   * What a list that holds several forms calls this one, e.g. `評価票(1)`: the book's contents and bookmarks
   * when a year's book holds more than one form. The title when absent.
   */
  shortTitle?: string;
  schema: z.ZodType<Data>;
  messages: MessageCatalog;
  /** Pure: derived values (era years, totals, ratios). No I/O, no clock. */
  derive(data: Data): Model;
  identify(model: Model): SheetIdentity;
  /** The PDF layout: model → pdfmake content (src/render-pdf/types.ts). */
  pdf: PdfLayout<Model>;
  /** The workbook layouts: model → worksheets, and the summary tables (src/render-xlsx/types.ts). */
  xlsx: XlsxLayout<Model>;
  /**
   * The input workbook staff fill in instead of writing JSON (`hyoka template`, `export`, `import`), as data
   * (src/forms/input-layout.ts). Optional: a form without one has no input workbook.
   */
  input?: InputLayout;
  /**
   * Optional: the empty sheet `hyoka new` writes, when the one derived from the schema (src/forms/skeleton.ts:
   * every field, `""` or `null` to fill in) does not suit the form. Its year and code are set after.
   */
  skeleton?(): Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds forms of every data type.
export type AnyForm = FormDefinition<any, any>;
