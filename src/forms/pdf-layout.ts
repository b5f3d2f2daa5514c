/**
 * What a form folder gives the PDF renderer (`FormDefinition.pdf`). The layout turns the form's model into
 * pdfmake content; it owns no page furniture (footer, page numbers, metadata dates), so the same sections can
 * be placed in a single-sheet PDF or, later, in the annual book with continuous page numbers.
 */
import type { Content, Style, StyleDictionary } from "pdfmake/interfaces.js";

/** Renders one of a layout's Handlebars templates by name (src/render-pdf/templating.ts). */
export type TemplateRender = (name: string, context: object) => string;

/** `headlineLevel` of a section heading: it never ends a page. */
export const HEADING_LEVEL = 1;
/**
 * `headlineLevel` of a node that must start on its heading's page (e.g. a table's first row): when it does
 * not, the heading moves to the next page with it. Mark small nodes only.
 */
export const KEEP_WITH_HEADING_LEVEL = 2;

/**
 * The structure of a tagged PDF (PDF/UA; src/render-pdf/engine/structure.ts): a layout gives a content node a
 * `role`, one of the standard structure types of ISO 32000-1 (14.8.4), and the renderer builds the structure
 * tree from them, in content order. What is implied, so a layout says only what it means:
 *
 * - text with no role is a paragraph (`P`) of its own, unless it lies in an element that holds text (a heading,
 *   `P`, `TH`, `TD`, `Lbl`, `LBody`, `Caption`); text of white space only is drawn as an artifact;
 * - a table node with `role: "Table"`: its rows are `TR`, its cells `TD`, or `TH` for a cell with
 *   `role: "TH"` (its `scope`: `Column` by default, `Row` for a label on the left); spans become `ColSpan` and
 *   `RowSpan`; the cells a span covers are skipped;
 * - a table node without a role only places things: its cells' content belongs to the enclosing element, except
 *   that a row whose cells have the roles `Lbl` (the bullet) and `LBody` (the text) is a list item (`LI`), and
 *   consecutive such rows one list (`L`); `role: "L"` makes every row an item;
 * - a table node with `role: "TOC"` (a table of contents): each row an item (`TOCI`) holding its cells' text;
 *   a cell with `role: "Link"` (one that links) a `Link` in it, with the link's annotation;
 * - `role: "Artifact"`: drawn, but not part of the content (decoration);
 * - rules, cell borders, shading, the page footer and a table's header rows repeated on a new page are always
 *   artifacts.
 */
export type PdfRole =
  | "Sect"
  | "Div"
  | "H1"
  | "H2"
  | "H3"
  | "H4"
  | "H5"
  | "H6"
  | "P"
  | "Caption"
  | "Table"
  | "TH"
  | "TD"
  | "L"
  | "LI"
  | "Lbl"
  | "LBody"
  | "TOC"
  | "TOCI"
  | "Link"
  | "Artifact";

/** The header cell's direction (`/Scope`): the cells it heads lie below (`Column`) or to its right (`Row`). */
export type PdfScope = "Row" | "Column" | "Both";

/** What a layout may add to a pdfmake content node for the structure. */
export interface PdfTag {
  role?: PdfRole;
  scope?: PdfScope;
}

/** `node` with a role (and a scope, for `TH`): the same object, so it can be used where it is built. */
export function tag<T extends object>(node: T, role: PdfRole, scope?: PdfScope): T {
  return Object.assign(node, scope ? { role, scope } : { role });
}

export interface PdfSection {
  /** Stable id, e.g. `indicators`: used in warnings and (later) in the book's bookmarks. */
  id: string;
  /** The section as printed, e.g. `<参考指標>`: named in the page-budget warning. */
  title: string;
  content: Content[];
}

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string;
}

export interface PdfLayoutKit {
  /** Renders one of the layout's Handlebars templates. */
  t: TemplateRender;
  /** The font family id of the main font (for content that names a font). */
  mainFont: string;
}

export interface PdfLayout<Model = unknown> {
  /** Handlebars sources of every templated text, by name; compiled once per process. */
  templates: Readonly<Record<string, string>>;
  /** Pages a sheet of this form should fit on; more is built and reported as a warning. Default 2. */
  pageBudget?: number;
  pageSize: "A4" | "A3" | "B4" | "B5";
  pageOrientation?: "portrait" | "landscape";
  /** [left, top, right, bottom] in points; bottom includes the footer. */
  pageMargins: [number, number, number, number];
  styles: StyleDictionary;
  /** Without `font`: the renderer sets the configured main font. */
  defaultStyle: Style;
  metadata(model: Model, kit: PdfLayoutKit): PdfMetadata;
  /** The page-number-independent part of the footer, e.g. the measure code. */
  footerLabel(model: Model, kit: PdfLayoutKit): string;
  /** The sheet's content, top to bottom. */
  sections(model: Model, kit: PdfLayoutKit): PdfSection[];
}
