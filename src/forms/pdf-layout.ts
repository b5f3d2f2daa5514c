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
