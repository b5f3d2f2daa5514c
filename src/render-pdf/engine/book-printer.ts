/**
 * One pdfkit document filled one laid-out piece at a time: pdfmake 0.3.11's `Printer.createPdfKitDocument`
 * (js/Printer.js) taken apart, without the URL resolution (fonts come from the virtual file system, and the book
 * names no image or file). pdfmake keeps a whole document's layout in memory until its last page is drawn and
 * lays it all out again for every heading it moves (about 1.5 MB a sheet, over 1 GB for a 300-sheet book); the
 * book instead lays out and draws one sheet at a time into one document, so each font is embedded once and
 * memory stays at about one sheet's. Registered in README.md ("Book printer"); held to pdfmake by
 * test/book/book.test.ts (each sheet's pages in the book are the pages `hyoka build` prints for it).
 */
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces.js";
import { archivalDocumentOptions, finishArchival } from "./archival.js";
import { pdfmakeInternal } from "./internals.js";
import { type StructElement, writeStructure } from "./structure.js";

/** The pieces of pdfmake 0.3's printer the book drives itself; pdfmake is pinned exactly. */
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

let parts: PdfmakeParts | undefined;

function pdfmakeParts(): PdfmakeParts {
  if (parts) return parts;
  const load = (name: Parameters<typeof pdfmakeInternal>[0]) =>
    pdfmakeInternal(name) as Record<string, unknown>;
  const pageSize = load("PageSize") as Pick<PdfmakeParts, "normalizePageSize" | "normalizePageMargin">;
  parts = {
    PDFDocument: load("PDFDocument").default as PdfmakeParts["PDFDocument"],
    LayoutBuilder: load("LayoutBuilder").default as PdfmakeParts["LayoutBuilder"],
    Renderer: load("Renderer").default as PdfmakeParts["Renderer"],
    SVGMeasure: load("SVGMeasure").default as PdfmakeParts["SVGMeasure"],
    normalizePageSize: pageSize.normalizePageSize,
    normalizePageMargin: pageSize.normalizePageMargin,
    tableLayouts: load("tableLayouts").tableLayouts as object,
  };
  return parts;
}

/** A page size as pdfmake names it (`A4`, portrait), in points. */
export function pageSizeOf(
  size: string,
  orientation: string,
): { width: number; height: number; orientation: string } {
  return pdfmakeParts().normalizePageSize(size, orientation);
}

/** What the printer uses of the pdfkit document (pdfmake's subclass) it renders into. */
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

/** A bookmark that can hold others. */
export type Bookmark = { readonly item: PdfKitOutline };

/** What a piece of content is laid out on. */
export interface PageGeometry {
  size: { width: number; height: number; orientation: string };
  pageMargins: [number, number, number, number];
  styles: object;
  defaultStyle: object;
}

/** The environment's pdfmake: its fonts, virtual file system and table layouts. */
interface PdfmakeInstance {
  fonts: object;
  virtualfs: unknown;
  localAccessPolicy: unknown;
  tableLayouts?: object;
}

export class BookPrinter {
  private readonly kit: PdfKitDocument;
  private pages = 0;

  private readonly archival: ReturnType<typeof archivalDocumentOptions> | undefined;

  /** `archival`: PDF/A-3 (see archival.ts); else a plain PDF 1.3 (a draft). */
  constructor(
    private readonly pdfmake: PdfmakeInstance,
    archival: boolean,
    info: Record<string, string | Date>,
  ) {
    this.archival = archival ? archivalDocumentOptions(true) : undefined;
    this.kit = new (pdfmakeParts().PDFDocument)(
      pdfmake.fonts,
      {},
      {},
      {},
      {
        pdfVersion: "1.3",
        tagged: false,
        displayTitle: false,
        ...(this.archival ?? {}),
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
    geometry: PageGeometry,
    footer: (page: number) => Content | null,
    pageBreakBefore?: unknown,
  ): unknown[] {
    const { LayoutBuilder, SVGMeasure, normalizePageMargin, tableLayouts } = pdfmakeParts();
    const builder = new LayoutBuilder(
      geometry.size,
      normalizePageMargin(geometry.pageMargins),
      new SVGMeasure(),
    );
    builder.registerTableLayouts(tableLayouts);
    if (this.pdfmake.tableLayouts) builder.registerTableLayouts(this.pdfmake.tableLayouts);
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
    new (pdfmakeParts().Renderer)(this.kit, undefined).renderPages(pages);
    this.pages += pages.length;
  }

  /** Whether the book is tagged (archival): its printer writes the structure planned for it. */
  get tagged(): boolean {
    return this.archival?.tagged === true;
  }

  /**
   * Writes the structure of what was rendered (engine/structure.ts): `element` under `parent` (whose object is
   * made now if need be), or as the structure tree's root element.
   */
  writeStructure(element: StructElement, parent?: StructElement): void {
    if (!this.tagged) return;
    if (parent) parent.ref ??= this.kit.ref({}) as NonNullable<StructElement["ref"]>;
    writeStructure(this.kit, element, parent?.ref);
  }

  /** Moves the last `count` pages to the front of the page tree (a PDF's page order is the tree's). */
  moveLastToFront(count: number): void {
    const kids = this.kit._root.data.Pages.data.Kids;
    kids.unshift(...kids.splice(kids.length - count, count));
  }

  /** A bookmark under `parent` (the outline's top level when absent) to a 1-based page of the PDF. */
  bookmark(parent: Bookmark | undefined, title: string, pdfPage: number, expanded = false): Bookmark {
    const under = parent?.item ?? this.kit.outline;
    return { item: under.addItem(title, { pageNumber: pdfPage - 1, fit: true, expanded }) };
  }

  /**
   * /PageLabels in the catalog (ISO 32000-1, 12.4.2), which pdfkit has no API for: from each 0-based page
   * index on, a style (`r` roman, `D` decimal) and a first number.
   */
  pageLabels(ranges: readonly { from: number; style: "r" | "D"; start?: number }[]): void {
    const nums = ranges.flatMap((r) => [
      r.from,
      r.start === undefined ? { S: r.style } : { S: r.style, St: r.start },
    ]);
    const labels = this.kit.ref({ Nums: nums });
    labels.end();
    this.kit._root.data.PageLabels = labels;
  }

  get pageCount(): number {
    return this.pages;
  }

  /** Ends the document; `date` dates what archival output adds (the document date). */
  finish(date: Date): Promise<Buffer> {
    if (this.archival) finishArchival(this.kit, { date, sources: [], tagged: this.archival.tagged });
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.kit.on("data", (chunk) => chunks.push(chunk));
      this.kit.on("end", () => resolve(Buffer.concat(chunks)));
      this.kit.on("error", reject);
      this.kit.end();
    });
  }
}
