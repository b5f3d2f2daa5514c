/**
 * What the annual book's own pages are made of (templates/book/layout.ts): the cover and the contents as
 * pdfmake content, and every word of the book that is not a sheet's. src/render-pdf/book.ts puts the sheets
 * together with them; the printer is the engine's (src/render-pdf/engine/book-printer.ts).
 */
import type { Content } from "pdfmake/interfaces.js";
import type { PdfLayout } from "./pdf-layout.js";

export interface BookCover {
  title: string;
  subtitle?: string | undefined;
  issuer: string;
  /** ISO date `YYYY-MM-DD`; left off the cover when absent. */
  issued?: string | undefined;
}

export interface BookEntry {
  code: string;
  title: string;
  /** The sheet's form, as a list of several forms names it (`FormDefinition.shortTitle`). */
  form: string;
  groups: readonly string[];
  /** Printed page number (1 is the first sheet's first page). */
  page: number;
  /** Pages the sheet fills. */
  pages: number;
  /** 1-based page of the PDF. */
  pdfPage: number;
  /** Named destination of the sheet's first line: the contents link to it. */
  destination: string;
}

/** The page the cover and contents are laid out on, in points. */
export interface BookPage {
  height: number;
  pageMargins: [number, number, number, number];
}

export type BookTemplate<Name extends string> = (name: Name, context?: object) => string;

export interface BookLayout<Name extends string = string> {
  /** Handlebars sources of every printed word, by name; compiled once per process. */
  templates: Readonly<Record<Name, string>>;
  /**
   * The page of the cover and contents when the book has no sheet to take it from (every sheet was left out);
   * otherwise they are laid out on the first sheet's form's page.
   */
  page: Pick<PdfLayout, "pageSize" | "pageOrientation" | "pageMargins" | "defaultStyle">;
  footerFontSize: number;
  cover(input: { year: number; cover: BookCover }, page: BookPage, t: BookTemplate<Name>): Content;
  /**
   * The contents, after a page break. `missing`: files left out, as the user named them. When the entries are
   * of more than one form, each says its form (the same measure may be listed once per form).
   */
  contents(entries: readonly BookEntry[], missing: readonly string[], t: BookTemplate<Name>): Content;
  /** The text of a front page's number (the cover's is not printed). */
  frontPageNumber(page: number): string;
}
