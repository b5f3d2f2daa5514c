/**
 * The annual book: every sheet of one evaluation year in one PDF, after a cover and a table of contents, with
 * continuous page numbers in the footer, bookmarks (the PDF outline) and page labels.
 *
 * One PDF document, laid out a sheet at a time by the engine's book printer (engine/book-printer.ts, which says
 * why): each sheet exactly as `hyoka build` lays it out (buildSheetContent, the same page size, margins and
 * heading rule), rendered, and its layout freed. The cover and contents are content from templates/book/.
 *
 * The contents need every page number and come first, so the sheets are rendered first, then the cover and the
 * contents, and their pages are moved to the front of the page tree (a PDF's page order is the order of the
 * page tree, not of the file). Bookmarks and page labels are added to the pdfkit document before it is ended;
 * pdfkit has no API for page labels.
 *
 * Page numbers: the cover and the contents are i, ii, … (printed from ii on), the sheets 1…N.
 */

import bookLayout from "../../templates/book/layout.js";
import type { Diagnostic } from "../diagnostics.js";
import type { BookCover, BookEntry } from "../forms/book-layout.js";
import type { AnyForm, SheetIdentity } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { type Bookmark, BookPrinter, type PageGeometry, pageSizeOf } from "./engine/book-printer.js";
import type { Content } from "./engine/internals.js";
import { planInto, planStructure, structElement } from "./engine/structure.js";
import { applyFallbackFonts } from "./glyphs.js";
import {
  buildSheetContent,
  keepHeadingsWithContent,
  type PdfEnvironment,
  pageBudgetDiagnostics,
} from "./index.js";

export type { BookCover, BookEntry } from "../forms/book-layout.js";

const TEMPLATES_ID = "hyoka:book";

export interface BookSheet {
  /** As the user named it: listed on the contents if the sheet cannot be laid out. */
  file: string;
  form: AnyForm;
  model: unknown;
  identity: SheetIdentity;
}

export interface BookInput {
  year: number;
  cover: BookCover;
  /** In book order (by code, then form). */
  sheets: readonly BookSheet[];
  /** Files left out, as the user named them: listed on the contents. */
  missing: readonly string[];
  /** Metadata dates: documentDate(year), never the clock. */
  date: Date;
  version: string;
  /** Called after each sheet is rendered, with its index. */
  onSheet?: (index: number) => void;
  /** Language of the warnings (default ja). */
  lang?: Lang;
  /** A draft book: a plain PDF 1.3 without PDF/A or tags (default false). */
  draft?: boolean;
}

export interface BookFailure {
  file: string;
  error: Error;
}

export interface RenderedBook {
  bytes: Buffer;
  /** Pages in the PDF. */
  pages: number;
  /** Cover and contents. */
  frontPages: number;
  entries: BookEntry[];
  /** Sheets whose layout failed: left out and listed on the contents. */
  failed: BookFailure[];
  /** Sheets over their form's page budget, as `hyoka build` reports them. */
  warnings: Diagnostic[];
}

/** A form's page: each sheet is laid out on its own form's pages; the cover and contents on the first sheet's. */
function geometryOf(form: AnyForm | undefined, env: PdfEnvironment): PageGeometry {
  const layout = form?.pdf ?? bookLayout.page;
  return {
    size: pageSizeOf(layout.pageSize, layout.pageOrientation ?? "portrait"),
    pageMargins: layout.pageMargins,
    styles: form?.pdf.styles ?? {},
    defaultStyle: { ...layout.defaultStyle, font: env.fonts.main.id },
  };
}

/** The first text that prints something: the sheet's link target for the contents. */
function firstText(content: unknown): Record<string, unknown> | undefined {
  const walk = (node: unknown): Record<string, unknown> | undefined => {
    if (Array.isArray(node)) {
      for (const item of node) {
        const hit = walk(item);
        if (hit) return hit;
      }
      return undefined;
    }
    if (!node || typeof node !== "object") return undefined;
    const record = node as Record<string, unknown>;
    if (typeof record.text === "string" && record.text.trim() !== "") return record;
    for (const [key, value] of Object.entries(record)) {
      if (key === "text" || !value || typeof value !== "object") continue;
      const hit = walk(value);
      if (hit) return hit;
    }
    return undefined;
  };
  return walk(content);
}

function destination(index: number): string {
  return `hyoka-sheet-${index + 1}`;
}

type T = (name: keyof typeof bookLayout.templates, context?: object) => string;

/** One bookmark per group (outermost first) and per sheet, each pointing at the first page of its first sheet. */
function addOutline(printer: BookPrinter, entries: readonly BookEntry[], frontPages: number, t: T): void {
  if (frontPages >= 2) printer.bookmark(undefined, t("outlineContents"), 2);
  const path: { title: string; mark: Bookmark }[] = [];
  const severalForms = new Set(entries.map((e) => e.form)).size > 1;
  for (const e of entries) {
    let level = 0;
    while (level < path.length && level < e.groups.length && path[level]?.title === e.groups[level]) level++;
    path.length = level;
    for (; level < e.groups.length; level++) {
      const title = e.groups[level] as string;
      path.push({ title, mark: printer.bookmark(path[level - 1]?.mark, title, e.pdfPage, level === 0) });
    }
    const outline = severalForms
      ? t("outlineSheetOfForm", { code: e.code, title: e.title, form: e.form })
      : t("outlineSheet", { code: e.code, title: e.title });
    printer.bookmark(path.at(-1)?.mark, outline, e.pdfPage);
  }
}

function footerBox(geometry: PageGeometry) {
  return {
    fontSize: bookLayout.footerFontSize,
    margin: [geometry.pageMargins[0], 14, geometry.pageMargins[2], 0],
  };
}

export async function renderBookPdf(env: PdfEnvironment, input: BookInput): Promise<RenderedBook> {
  const render = env.templating.compileAll(TEMPLATES_ID, bookLayout.templates);
  const t: T = (name, context = {}) => render(name, context);
  const creator = `hyoka ${input.version}`;
  const archival = input.draft !== true;
  const printer = new BookPrinter(
    env.pdfmake as unknown as ConstructorParameters<typeof BookPrinter>[0],
    archival,
    {
      Title: t("metadataTitle", { title: input.cover.title, year: input.year }),
      Author: input.cover.issuer,
      Subject: t("metadataSubject", { subject: input.cover.subtitle ?? input.cover.title }),
      Keywords: t("metadataKeywords", { year: input.year }),
      Creator: creator,
      Producer: creator,
      CreationDate: input.date,
      ModDate: input.date,
    },
  );

  // The structure (tagged PDF): the cover and contents first, then a part per sheet, in the book's order, though
  // the front pages are drawn last. Each sheet's part is written once the sheet is drawn, and let go.
  const documentElement = printer.tagged ? structElement("Document") : undefined;
  const frontElement = documentElement ? structElement("Part", documentElement) : undefined;
  const entries: BookEntry[] = [];
  const failed: BookFailure[] = [];
  const warnings: Diagnostic[] = [];
  let next = 1;
  input.sheets.forEach((sheet, i) => {
    const geometry = geometryOf(sheet.form, env);
    const first = next;
    const anchor = destination(i);
    let pages: unknown[];
    let built: ReturnType<typeof buildSheetContent>;
    let part: ReturnType<typeof planStructure> | undefined;
    try {
      built = buildSheetContent(env, sheet.form, sheet.model);
      const target = firstText(built.content);
      if (target) target.id = anchor;
      part = documentElement ? planStructure(built.content, "Part", documentElement) : undefined;
      pages = printer.layout(
        built.content,
        geometry,
        (page) =>
          ({
            columns: [
              { text: built.footerLabel, alignment: "left" },
              { text: String(first + page - 1), alignment: "right", width: 60 },
            ],
            ...footerBox(geometry),
          }) as Content,
        keepHeadingsWithContent,
      );
    } catch (error) {
      // Nothing of the sheet is written before its layout is complete: it can be left out like an invalid one.
      if (part && documentElement)
        documentElement.children = documentElement.children.filter((c) => c !== part);
      failed.push({ file: sheet.file, error: error instanceof Error ? error : new Error(String(error)) });
      input.onSheet?.(i);
      return;
    }
    printer.render(pages);
    if (part) printer.writeStructure(part, documentElement);
    warnings.push(...pageBudgetDiagnostics(built, pages.length, sheet.file, input.lang ?? "ja"));
    const { code, title } = sheet.identity;
    // A form that does not say where its measure sits (e.g. one that carries only the code) is listed beside the
    // measure's other forms: with the groups of the sheet before it of the same code.
    const previous = entries.at(-1);
    const groups =
      sheet.identity.groups.length === 0 && previous?.code === code ? previous.groups : sheet.identity.groups;
    const form = sheet.form.shortTitle ?? sheet.form.title;
    entries.push({
      code,
      title,
      form,
      groups,
      page: first,
      pages: pages.length,
      pdfPage: 0,
      destination: anchor,
    });
    next += pages.length;
    input.onSheet?.(i);
  });
  const sheetPages = next - 1;

  const geometry = geometryOf(input.sheets[0]?.form, env);
  const missing = [...input.missing, ...failed.map((f) => f.file)].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const frontPage = { height: geometry.size.height, pageMargins: geometry.pageMargins };
  const front: Content[] = [bookLayout.cover(input, frontPage, t), bookLayout.contents(entries, missing, t)];
  applyFallbackFonts(front, env.resolveGlyph, env.familyIds);
  if (frontElement) planInto(front, frontElement);
  const frontLayout = printer.layout(front, geometry, (page) =>
    page === 1
      ? null
      : ({ text: bookLayout.frontPageNumber(page), alignment: "center", ...footerBox(geometry) } as Content),
  );
  printer.render(frontLayout);
  if (frontElement && documentElement) {
    printer.writeStructure(frontElement, documentElement);
    printer.writeStructure(documentElement);
  }
  const frontPages = frontLayout.length;
  printer.moveLastToFront(frontPages);

  for (const e of entries) e.pdfPage = frontPages + e.page;
  addOutline(printer, entries, frontPages, t);
  printer.pageLabels([
    { from: 0, style: "r" },
    ...(sheetPages > 0 ? [{ from: frontPages, style: "D" as const, start: 1 }] : []),
  ]);
  const bytes = await printer.finish(input.date);
  return { bytes, pages: printer.pageCount, frontPages, entries, failed, warnings };
}
