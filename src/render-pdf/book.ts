/**
 * The annual book: every sheet of one evaluation year in one PDF, after a cover and a table of contents, with
 * continuous page numbers in the footer, bookmarks (the PDF outline) and page labels.
 *
 * One PDF document, laid out a sheet at a time. pdfkit embeds a subset of each font once per document, so the
 * book carries each font once whatever its length; but pdfmake keeps the whole layout of a document in memory
 * until it has rendered the last page (about 1.5 MB a sheet, with every Japanese character a word of its own,
 * over 1 GB at its peak for a 300-sheet book), and lays the whole document out again for every section heading
 * it moves to the next page (keepHeadingsWithContent: a few hundred times in a book). So the book does what
 * pdfmake's printer does (layout, then render into a pdfkit document), but with one pdfkit document and one
 * layout per sheet: each sheet is laid out exactly as `hyoka build` lays it out (buildSheetContent, the same
 * page size, margins and heading rule), rendered, and its layout freed. Memory stays at about one sheet's.
 *
 * The contents need every page number and come first, so the sheets are rendered first, then the cover and the
 * contents, and their pages are moved to the front of the page tree (a PDF's page order is the order of the
 * page tree, not of the file). Bookmarks and page labels are added to the pdfkit document before it is ended;
 * pdfkit has no API for page labels.
 *
 * Page numbers: the cover and the contents are i, ii, … (printed from ii on), the sheets 1…N.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { PdfLayout } from "../forms/pdf-layout.js";
import type { AnyForm, SheetIdentity } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { eraOfDate } from "../model/era.js";
import { type Content, pdfmakeInternal, type TDocumentDefinitions } from "./engine/internals.js";
import { applyFallbackFonts } from "./glyphs.js";
import {
  buildSheetContent,
  keepHeadingsWithContent,
  type PdfEnvironment,
  pageBudgetDiagnostics,
} from "./index.js";

/** The pieces of pdfmake 0.3's printer (js/Printer.js) the book drives itself; pdfmake is pinned exactly. */
interface PdfmakeParts {
  PDFDocument: new (
    fonts: object,
    images: object,
    patterns: object,
    attachments: object,
    options: object,
    virtualfs: unknown,
    localAccessPolicy: unknown,
  ) => PdfKitDocument;
  LayoutBuilder: new (
    pageSize: object,
    pageMargins: object,
    svgMeasure: object,
  ) => {
    registerTableLayouts(layouts: object): void;
    layoutDocument(
      content: unknown,
      pdfDocument: PdfKitDocument,
      styles: object,
      defaultStyle: object,
      background: undefined,
      header: undefined,
      footer: TDocumentDefinitions["footer"],
      watermark: undefined,
      pageBreakBefore: unknown,
    ): unknown[];
  };
  Renderer: new (pdfDocument: PdfKitDocument, progress: undefined) => { renderPages(pages: unknown[]): void };
  SVGMeasure: new () => object;
  normalizePageSize(
    size: string,
    orientation: string,
  ): { width: number; height: number; orientation: string };
  normalizePageMargin(margins: number[]): object;
  tableLayouts: object;
}

const pdfmakeParts: PdfmakeParts = (() => {
  const load = (name: Parameters<typeof pdfmakeInternal>[0]) =>
    pdfmakeInternal(name) as Record<string, unknown>;
  const pageSize = load("PageSize") as Pick<PdfmakeParts, "normalizePageSize" | "normalizePageMargin">;
  return {
    PDFDocument: load("PDFDocument").default as PdfmakeParts["PDFDocument"],
    LayoutBuilder: load("LayoutBuilder").default as PdfmakeParts["LayoutBuilder"],
    Renderer: load("Renderer").default as PdfmakeParts["Renderer"],
    SVGMeasure: load("SVGMeasure").default as PdfmakeParts["SVGMeasure"],
    normalizePageSize: pageSize.normalizePageSize,
    normalizePageMargin: pageSize.normalizePageMargin,
    tableLayouts: load("tableLayouts").tableLayouts as object,
  };
})();

/** What the book uses of the pdfkit document (pdfmake's subclass) it renders into. */
interface PdfKitOutline {
  addItem(title: string, options: { pageNumber: number; fit: boolean; expanded: boolean }): PdfKitOutline;
}

interface PdfKitDocument {
  outline: PdfKitOutline;
  ref(data: object): { end(): void };
  _root: { data: { Pages: { data: { Kids: unknown[] } } } & Record<string, unknown> };
  on(event: "data", listener: (chunk: Buffer) => void): void;
  on(event: "end" | "error", listener: (arg?: unknown) => void): void;
  end(): void;
}

/** Every printed word of the book that is not a sheet's: Handlebars, compiled once like a form's templates. */
export const BOOK_TEMPLATES = {
  coverYear: "{{fy year}}({{eraFiscalYear year}})",
  issuedDate: "{{year}}年({{eraName}}){{month}}月{{day}}日",
  issued: "{{date}} 発行",
  contentsHeading: "目次",
  missingHeading: "掲載できなかったシート",
  missingNote:
    "次のシートは、データの誤りなどのため掲載していません。理由は作成時に表示したメッセージをご覧ください。",
  outlineContents: "目次",
  outlineSheet: "{{code}} {{title}}",
  metadataTitle: "{{title}} {{fy year}}({{eraFiscalYear year}})",
  metadataSubject: "{{subject}}",
  metadataKeywords: "{{fy year}}",
} as const;

const TEMPLATES_ID = "hyoka:book";

export interface BookSheet {
  /** As the user named it: listed on the contents if the sheet cannot be laid out. */
  file: string;
  form: AnyForm;
  model: unknown;
  identity: SheetIdentity;
}

export interface BookCover {
  title: string;
  subtitle?: string | undefined;
  issuer: string;
  /** ISO date `YYYY-MM-DD`; left off the cover when absent. */
  issued?: string | undefined;
}

export interface BookInput {
  year: number;
  cover: BookCover;
  /** In book order (by code). */
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
}

export interface BookEntry {
  code: string;
  title: string;
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

const COVER_STYLE = {
  year: { fontSize: 16, alignment: "center" },
  title: { fontSize: 26, bold: true, alignment: "center", lineHeight: 1.3 },
  subtitle: { fontSize: 16, alignment: "center", lineHeight: 1.3 },
  issued: { fontSize: 13, alignment: "center" },
  issuer: { fontSize: 16, alignment: "center" },
} as const;

const CONTENTS_STYLE = {
  heading: { fontSize: 16, bold: true, alignment: "center" },
  groups: [
    { fontSize: 10.5, bold: true },
    { fontSize: 9, bold: true },
  ],
  entry: { fontSize: 9 },
  note: { fontSize: 9 },
} as const;

const INDENT = 12;
/** Width of a digit of the main font at 1 pt, in points (BIZ UDPGothic's digits are wide). */
const DIGIT_EM = 0.7;
/** Wide enough for any page number, so the numbers never change the length of the contents. */
const PAGE_WIDTH = 40;
const FOOTER_SIZE = 8;

/** What a document definition gives pdfmake's layout besides the content. */
interface Geometry {
  size: { width: number; height: number; orientation: string };
  pageMargins: [number, number, number, number];
  styles: PdfLayout["styles"];
  defaultStyle: PdfLayout["defaultStyle"];
}

/** A form's page: each sheet is laid out on its own form's pages; the cover and contents on the first sheet's. */
function geometryOf(form: AnyForm | undefined, env: PdfEnvironment): Geometry {
  const layout = form?.pdf;
  return {
    size: pdfmakeParts.normalizePageSize(layout?.pageSize ?? "A4", layout?.pageOrientation ?? "portrait"),
    pageMargins: layout?.pageMargins ?? [57, 34, 34, 45],
    styles: layout?.styles ?? {},
    defaultStyle: { fontSize: 8, lineHeight: 1.25, ...layout?.defaultStyle, font: env.fonts.main.id },
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

/** `i`, `ii`, … `xiv`: the numbers of the cover and contents pages. */
export function romanNumeral(n: number): string {
  const table: [number, string][] = [
    [1000, "m"],
    [900, "cm"],
    [500, "d"],
    [400, "cd"],
    [100, "c"],
    [90, "xc"],
    [50, "l"],
    [40, "xl"],
    [10, "x"],
    [9, "ix"],
    [5, "v"],
    [4, "iv"],
    [1, "i"],
  ];
  let rest = n;
  let out = "";
  for (const [value, numeral] of table) {
    while (rest >= value) {
      out += numeral;
      rest -= value;
    }
  }
  return out;
}

type T = (name: keyof typeof BOOK_TEMPLATES, context?: object) => string;

function issuedText(iso: string, t: T): string {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const era = eraOfDate(year, month, day);
  const eraName = `${era.era.name}${era.year === 1 ? "元" : era.year}年`;
  return t("issued", { date: t("issuedDate", { year, eraName, month, day }) });
}

function cover(input: BookInput, geometry: Geometry, t: T): Content {
  const { cover: c } = input;
  const lines: Content[] = [
    { text: t("coverYear", { year: input.year }), ...COVER_STYLE.year, margin: [0, 150, 0, 18] },
    { text: c.title, ...COVER_STYLE.title },
  ];
  if (c.subtitle) lines.push({ text: c.subtitle, ...COVER_STYLE.subtitle, margin: [0, 14, 0, 0] });
  const bottom: Content[] = [];
  if (c.issued) bottom.push({ text: issuedText(c.issued, t), ...COVER_STYLE.issued, margin: [0, 0, 0, 10] });
  if (c.issuer) bottom.push({ text: c.issuer, ...COVER_STYLE.issuer });
  // Date and issuer sit low on the page whatever the length of the title above.
  const [left, , , bottomMargin] = geometry.pageMargins;
  if (bottom.length > 0)
    lines.push({
      stack: bottom,
      absolutePosition: { x: left, y: geometry.size.height - bottomMargin - 150 },
    } as Content);
  return { stack: lines };
}

/** No frame; a dotted rule under each sheet's row leads the eye from its name to its page number. */
function contentsLayout(entryRows: ReadonlySet<number>) {
  return {
    hLineWidth: (i: number) => (entryRows.has(i - 1) ? 0.4 : 0),
    hLineColor: () => "#8c8c8c",
    hLineStyle: () => ({ dash: { length: 0.6, space: 1.6 } }),
    vLineWidth: () => 0,
    paddingLeft: () => 0,
    paddingRight: () => 0,
    paddingTop: () => 2.5,
    paddingBottom: () => 1.5,
  };
}

function destination(index: number): string {
  return `hyoka-sheet-${index + 1}`;
}

/**
 * The contents: one table per outermost group, whose first row (the group) repeats on a continued page, then
 * a row per inner group and per sheet. Sheets are in code order; a group is a run of consecutive sheets.
 */
function contents(entries: readonly BookEntry[], missing: readonly string[], t: T): Content {
  const blocks: Content[] = [
    { text: t("contentsHeading"), ...CONTENTS_STYLE.heading, margin: [0, 0, 0, 14] },
  ];
  let table: { body: unknown[][]; headerRows: number; entryRows: Set<number> } | undefined;
  const depth = Math.max(0, ...entries.map((e) => e.groups.length));
  const longestCode = Math.max(1, ...entries.map((e) => e.code.length));
  const codeWidth = depth * INDENT + longestCode * DIGIT_EM * CONTENTS_STYLE.entry.fontSize + 8;
  let previous: readonly string[] = [];
  const groupRow = (level: number, text: string) => {
    const style = CONTENTS_STYLE.groups[Math.min(level, CONTENTS_STYLE.groups.length - 1)];
    return [
      { text, ...style, colSpan: 3, margin: [level * INDENT, level === 0 ? 4 : 2, 0, 0] },
      { text: "" },
      { text: "" },
    ];
  };
  const flush = () => {
    if (!table) return;
    const { body, headerRows, entryRows } = table;
    blocks.push({
      table: { widths: [codeWidth, "*", PAGE_WIDTH], body, headerRows, keepWithHeaderRows: headerRows },
      layout: contentsLayout(entryRows),
      margin: [0, 0, 0, 6],
    } as Content);
    table = undefined;
  };
  for (const e of entries) {
    const { groups } = e;
    let same = 0;
    while (same < groups.length && same < previous.length && groups[same] === previous[same]) same++;
    if (!table || (same === 0 && groups.length > 0)) {
      flush();
      table = { body: [], headerRows: groups.length > 0 ? 1 : 0, entryRows: new Set() };
    }
    for (let level = same; level < groups.length; level++)
      table.body.push(groupRow(level, groups[level] as string));
    // A link per word would be one annotation per Japanese character: the code and the number carry it.
    const link = { linkToDestination: e.destination };
    table.entryRows.add(table.body.length);
    table.body.push([
      {
        text: e.code,
        ...CONTENTS_STYLE.entry,
        noWrap: true,
        margin: [groups.length * INDENT, 0, 0, 0],
        ...link,
      },
      { text: e.title, ...CONTENTS_STYLE.entry },
      { text: String(e.page), ...CONTENTS_STYLE.entry, alignment: "right", ...link },
    ]);
    previous = groups;
  }
  flush();
  if (missing.length > 0) {
    blocks.push(
      { text: t("missingHeading"), ...CONTENTS_STYLE.groups[0], margin: [0, 10, 0, 4] },
      { text: t("missingNote"), ...CONTENTS_STYLE.note, margin: [0, 0, 0, 4] },
      {
        ul: missing.map((file) => ({ text: file, ...CONTENTS_STYLE.note })),
        margin: [INDENT, 0, 0, 0],
      },
    );
  }
  return { stack: blocks, pageBreak: "before" };
}

/**
 * One pdfkit document, filled one piece of content at a time: Printer.createPdfKitDocument of pdfmake 0.3,
 * without the URL resolution (fonts come from the virtual file system, and the book names no image or file).
 */
class BookPrinter {
  readonly kit: PdfKitDocument;
  private pages = 0;

  constructor(
    private readonly env: PdfEnvironment,
    info: Record<string, string | Date>,
  ) {
    const pdfmake = env.pdfmake as unknown as {
      fonts: object;
      virtualfs: unknown;
      localAccessPolicy: unknown;
    };
    this.kit = new pdfmakeParts.PDFDocument(
      pdfmake.fonts,
      {},
      {},
      {},
      {
        pdfVersion: "1.3",
        tagged: false,
        displayTitle: false,
        compress: true,
        lang: "ja-JP",
        fontLayoutCache: true,
        bufferPages: false,
        autoFirstPage: false,
        info,
        font: null,
      },
      pdfmake.virtualfs,
      pdfmake.localAccessPolicy,
    );
  }

  /** Lays out `content` on pages of its own; nothing is written yet. */
  layout(
    content: Content[],
    geometry: Geometry,
    footer: (page: number) => Content | null,
    pageBreakBefore?: typeof keepHeadingsWithContent,
  ): unknown[] {
    const builder = new pdfmakeParts.LayoutBuilder(
      geometry.size,
      pdfmakeParts.normalizePageMargin(geometry.pageMargins),
      new pdfmakeParts.SVGMeasure(),
    );
    builder.registerTableLayouts(pdfmakeParts.tableLayouts);
    const own = (this.env.pdfmake as unknown as { tableLayouts?: object }).tableLayouts;
    if (own) builder.registerTableLayouts(own);
    return builder.layoutDocument(
      content,
      this.kit,
      geometry.styles,
      geometry.defaultStyle,
      undefined,
      undefined,
      (page: number) => footer(page),
      undefined,
      pageBreakBefore,
    );
  }

  /** Writes laid-out pages after those written so far. */
  render(pages: unknown[]): void {
    new pdfmakeParts.Renderer(this.kit, undefined).renderPages(pages);
    this.pages += pages.length;
  }

  /** Moves the last `count` pages to the front of the page tree. */
  moveLastToFront(count: number): void {
    const kids = this.kit._root.data.Pages.data.Kids;
    kids.unshift(...kids.splice(kids.length - count, count));
  }

  get pageCount(): number {
    return this.pages;
  }

  finish(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.kit.on("data", (chunk) => chunks.push(chunk));
      this.kit.on("end", () => resolve(Buffer.concat(chunks)));
      this.kit.on("error", reject);
      this.kit.end();
    });
  }
}

/** One bookmark per group (outermost first) and per sheet, each pointing at the first page of its first sheet. */
function addOutline(kit: PdfKitDocument, entries: readonly BookEntry[], frontPages: number, t: T): void {
  const item = (parent: PdfKitOutline, title: string, pdfPage: number, expanded = false) =>
    parent.addItem(title, { pageNumber: pdfPage - 1, fit: true, expanded });
  if (frontPages >= 2) item(kit.outline, t("outlineContents"), 2);
  const path: { title: string; item: PdfKitOutline }[] = [];
  for (const e of entries) {
    let level = 0;
    while (level < path.length && level < e.groups.length && path[level]?.title === e.groups[level]) level++;
    path.length = level;
    for (; level < e.groups.length; level++) {
      const parent = level === 0 ? kit.outline : (path[level - 1] as { item: PdfKitOutline }).item;
      const title = e.groups[level] as string;
      path.push({ title, item: item(parent, title, e.pdfPage, level === 0) });
    }
    item(path.at(-1)?.item ?? kit.outline, t("outlineSheet", { code: e.code, title: e.title }), e.pdfPage);
  }
}

/** /PageLabels in the catalog: the cover and contents i, ii, …; the sheets 1, 2, … (ISO 32000-1, 12.4.2). */
function addPageLabels(kit: PdfKitDocument, frontPages: number, sheetPages: number): void {
  const nums: unknown[] = [0, { S: "r" }];
  if (sheetPages > 0) nums.push(frontPages, { S: "D", St: 1 });
  const labels = kit.ref({ Nums: nums });
  labels.end();
  kit._root.data.PageLabels = labels;
}

function footerBox(geometry: Geometry) {
  return { fontSize: FOOTER_SIZE, margin: [geometry.pageMargins[0], 14, geometry.pageMargins[2], 0] };
}

export async function renderBookPdf(env: PdfEnvironment, input: BookInput): Promise<RenderedBook> {
  const render = env.templating.compileAll(TEMPLATES_ID, BOOK_TEMPLATES);
  const t: T = (name, context = {}) => render(name, context);
  const creator = `hyoka ${input.version}`;
  const printer = new BookPrinter(env, {
    Title: t("metadataTitle", { title: input.cover.title, year: input.year }),
    Author: input.cover.issuer,
    Subject: t("metadataSubject", { subject: input.cover.subtitle ?? input.cover.title }),
    Keywords: t("metadataKeywords", { year: input.year }),
    Creator: creator,
    Producer: creator,
    CreationDate: input.date,
    ModDate: input.date,
  });

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
    try {
      built = buildSheetContent(env, sheet.form, sheet.model);
      const target = firstText(built.content);
      if (target) target.id = anchor;
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
      failed.push({ file: sheet.file, error: error instanceof Error ? error : new Error(String(error)) });
      input.onSheet?.(i);
      return;
    }
    printer.render(pages);
    warnings.push(...pageBudgetDiagnostics(built, pages.length, sheet.file, input.lang ?? "ja"));
    const { code, title, groups } = sheet.identity;
    entries.push({ code, title, groups, page: first, pages: pages.length, pdfPage: 0, destination: anchor });
    next += pages.length;
    input.onSheet?.(i);
  });
  const sheetPages = next - 1;

  const geometry = geometryOf(input.sheets[0]?.form, env);
  const missing = [...input.missing, ...failed.map((f) => f.file)].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const front: Content[] = [cover(input, geometry, t), contents(entries, missing, t)];
  applyFallbackFonts(front, env.resolveGlyph, env.familyIds);
  const frontLayout = printer.layout(front, geometry, (page) =>
    page === 1
      ? null
      : ({ text: romanNumeral(page), alignment: "center", ...footerBox(geometry) } as Content),
  );
  printer.render(frontLayout);
  const frontPages = frontLayout.length;
  printer.moveLastToFront(frontPages);

  for (const e of entries) e.pdfPage = frontPages + e.page;
  addOutline(printer.kit, entries, frontPages, t);
  addPageLabels(printer.kit, frontPages, sheetPages);
  const bytes = await printer.finish();
  return { bytes, pages: printer.pageCount, frontPages, entries, failed, warnings };
}
