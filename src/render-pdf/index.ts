/**
 * The PDF renderer. Steps, per process then per sheet:
 *
 * 1. {@link createPdfEnvironment} (once): read and parse the configured fonts (fonts.ts), install the PDF engine
 *    (engine/: the version check, Japanese line breaking of kinsoku.ts and, unless `HYOKA_PDF_ENGINE=plain`, the
 *    speed patches; every patch is listed in engine/README.md), set up an isolated pdfmake instance whose URL and local-file policies refuse
 *    everything (fonts reach it as in-memory tokens, see fonts.ts), and a Handlebars instance with hyoka's
 *    helpers (templating.ts).
 * 2. {@link checkGlyphs} (per sheet, before rendering): every character of the data against the fonts.
 * 3. {@link buildSheetContent} (per sheet): the form's layout → pdfmake content, independent of page furniture,
 *    so the annual book can reuse it.
 * 4. {@link renderSheetPdf}: wrap the content in a document (footer with `n / N`, metadata, fixed dates),
 *    render, and report a sheet longer than its page budget, naming the section that overflowed.
 */
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import {
  HEADING_LEVEL,
  KEEP_WITH_HEADING_LEVEL,
  type PdfLayout,
  type PdfLayoutKit,
  type PdfMetadata,
  type PdfSection,
} from "../forms/pdf-layout.js";
import type { AnyForm } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { archivalDocumentOptions, finishArchival, type SourceFile } from "./engine/archival.js";
import { type EngineMode, engineModeFromEnv, installEngine } from "./engine/index.js";
import {
  type Content,
  newPdfmake,
  type PdfmakeInstance,
  type TDocumentDefinitions,
} from "./engine/internals.js";
import { RENDER_STARTED } from "./engine/line-renderer.js";
import { planStructure, writeStructure } from "./engine/structure.js";
import { DEFAULT_FONTS_CONFIG, type FontFiles, type LoadedFonts, loadFonts } from "./fonts.js";
import {
  applyFallbackFonts,
  checkDataGlyphs as checkGlyphsOf,
  checkSheetGlyphs,
  createGlyphResolver,
  type GlyphResolver,
} from "./glyphs.js";
import { createTemplating, type Templating } from "./templating.js";

export type { PdfLayout, PdfLayoutKit, PdfMetadata, PdfSection } from "../forms/pdf-layout.js";
export type { SourceFile } from "./engine/archival.js";
export { mainFontName } from "./font-config.js";

export const DEFAULT_PAGE_BUDGET = 2;

export interface PdfEnvironment {
  fonts: LoadedFonts;
  /** Family ids in pdfmake's font table: main first, then fallbacks. */
  familyIds: readonly string[];
  resolveGlyph: GlyphResolver;
  pdfmake: PdfmakeInstance;
  templating: Templating;
}

/** Everything expensive, once per process or worker. */
export async function createPdfEnvironment(
  options: {
    fontsConfig?: string;
    fontFiles?: FontFiles;
    /** The PDF engine's mode (engine/index.ts); by default `HYOKA_PDF_ENGINE`, else `fast`. */
    engine?: EngineMode;
  } = {},
): Promise<PdfEnvironment> {
  const fonts = loadFonts(options.fontsConfig ?? DEFAULT_FONTS_CONFIG, options.fontFiles);
  installEngine(options.engine ?? engineModeFromEnv(), {
    fonts: fonts.families.flatMap((family) => [family.normal.font, family.bold.font]),
    headingRule: keepHeadingsWithContent,
  });
  const pdfmake = newPdfmake();
  const table: Record<string, { normal: string; bold: string }> = {};
  fonts.families.forEach((family, i) => {
    const normal = `hyoka-fonts/${i}-normal`;
    const bold = `hyoka-fonts/${i}-bold`;
    pdfmake.virtualfs.writeFileSync(normal, family.normal.token);
    pdfmake.virtualfs.writeFileSync(bold, family.bold.token);
    table[family.id] = { normal, bold };
  });
  pdfmake.setFonts(table);
  // Data only ever fills text, but a document definition could name images, attachments or files: pdfmake
  // would fetch any URL (SSRF) and embed any local file. Fonts come from the virtual file system, so nothing
  // needs either.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return {
    fonts,
    familyIds: fonts.families.map((f) => f.id),
    resolveGlyph: createGlyphResolver(fonts),
    pdfmake,
    templating: createTemplating(),
  };
}

export function checkGlyphs(
  env: PdfEnvironment,
  form: AnyForm,
  data: unknown,
  ctx: { file: string; lang: Lang; locate(path: readonly PropertyKey[]): { line: number; column: number } },
): Diagnostic[] {
  return checkSheetGlyphs(env.fonts, env.resolveGlyph, form, data, ctx);
}

/** {@link checkGlyphs} for data other than a sheet (`hyoka.config.json`), its fields named by `schema`. */
export function checkDataGlyphs(
  env: PdfEnvironment,
  schema: AnyForm["schema"],
  data: unknown,
  ctx: { file: string; lang: Lang; locate(path: readonly PropertyKey[]): { line: number; column: number } },
): Diagnostic[] {
  return checkGlyphsOf(env.fonts, env.resolveGlyph, schema, data, ctx);
}

export interface SheetContent {
  layout: PdfLayout<unknown>;
  /** The sections' content, with fallback fonts applied; pdfmake records positions on these nodes. */
  sections: (PdfSection & { node: Content & { positions?: { pageNumber: number }[] } })[];
  content: Content[];
  metadata: PdfMetadata;
  footerLabel: string;
}

/** A sheet as pdfmake content, independent of the page footer and document wrapper (the book reuses it). */
export function buildSheetContent(env: PdfEnvironment, form: AnyForm, model: unknown): SheetContent {
  const layout = form.pdf;
  const kit: PdfLayoutKit = {
    t: env.templating.compileAll(form.id, layout.templates),
    mainFont: env.fonts.main.id,
  };
  // Each section a section of the structure (tagged PDF): its content under it.
  const sections = layout
    .sections(model, kit)
    .map((s) => ({ ...s, node: { stack: s.content, role: "Sect" } as Content }));
  const content = sections.map((s) => s.node);
  applyFallbackFonts(content, env.resolveGlyph, env.familyIds);
  return {
    layout,
    sections,
    content,
    metadata: layout.metadata(model, kit),
    footerLabel: layout.footerLabel(model, kit),
  };
}

export interface NodeInfo {
  headlineLevel?: number;
  pageNumbers: number[];
}

/**
 * pdfmake's `pageBreakBefore`: a heading moves to the next page unless the node marked to stay with it (its
 * table's first row; every section heading is followed by one) starts on the heading's page.
 */
export function keepHeadingsWithContent(
  node: NodeInfo,
  nodes: { getFollowingNodesOnPage(): NodeInfo[] },
): boolean {
  if (node.headlineLevel !== HEADING_LEVEL || node.pageNumbers.length !== 1) return false;
  for (const next of nodes.getFollowingNodesOnPage()) {
    if (next.headlineLevel === KEEP_WITH_HEADING_LEVEL) return false;
    if (next.headlineLevel === HEADING_LEVEL) return true;
  }
  return true;
}

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
  diagnostics: Diagnostic[];
  /** Milliseconds: `layout` (content and pdfmake's layout), `render` (drawing), `fonts` (subsets), `output`. */
  timings: PdfTimings;
}

export type PdfTimings = {
  layout: number;
  render: number;
  fonts: number;
  output: number;
};

interface PdfkitDocumentInternals {
  [RENDER_STARTED]?: number;
  _fontFamilies?: Record<string, { embed(this: unknown): unknown }>;
}

/**
 * pdfmake's document, written out, with the time of each step. pdfmake lays out and draws when asked for its
 * pdfkit document (`getStream`); pdfkit then embeds the font subsets and writes everything at `end`. The
 * fonts' `embed` is timed on the fonts of this document only.
 */
async function writePdf(
  env: PdfEnvironment,
  doc: TDocumentDefinitions,
  started: number,
  finish: (kit: unknown) => void,
) {
  const output = env.pdfmake.createPdf(doc);
  const kit = (await output.getStream()) as PdfkitDocumentInternals;
  finish(kit);
  const drawn = performance.now();
  let fonts = 0;
  for (const font of Object.values(kit._fontFamilies ?? {})) {
    const embed = font.embed;
    font.embed = function timedEmbed(this: unknown) {
      const t = performance.now();
      try {
        return embed.call(this);
      } finally {
        fonts += performance.now() - t;
      }
    };
  }
  const bytes = await output.getBuffer();
  const renderStarted = kit[RENDER_STARTED] ?? drawn;
  const timings: PdfTimings = {
    layout: renderStarted - started,
    render: drawn - renderStarted,
    fonts,
    output: performance.now() - drawn - fonts,
  };
  return { bytes, timings };
}

/** How a sheet is printed besides its content. */
export interface SheetPdfOptions {
  /** The metadata dates: the document date (model/document-date.ts), never the clock. */
  date: Date;
  version: string;
  file?: string;
  lang?: Lang;
  /**
   * A draft: a plain PDF 1.3 as hyoka printed before archival output, without PDF/A, tags or attachment
   * (quicker, smaller). Default false: PDF/A-3 with the source attached.
   */
  draft?: boolean;
  /** The sheet's source file, attached to an archival PDF (`hyoka extract` gives it back). */
  source?: SourceFile;
}

export async function renderSheetPdf(
  env: PdfEnvironment,
  form: AnyForm,
  model: unknown,
  options: SheetPdfOptions,
): Promise<RenderedPdf> {
  const started = performance.now();
  const sheet = buildSheetContent(env, form, model);
  const { layout, metadata } = sheet;
  let pageCount = 0;
  const creator = `hyoka ${options.version}`;
  const archival = !options.draft;
  const pdfkitOptions = archival ? archivalDocumentOptions(true) : undefined;
  // The structure tree, planned on the content before pdfmake lays it out (engine/structure.ts).
  const structure = pdfkitOptions?.tagged ? planStructure(sheet.content, "Document") : undefined;
  const doc: TDocumentDefinitions = {
    // pdfmake hands these to pdfkit's document as they are (Printer.createPdfKitDocument).
    ...(pdfkitOptions
      ? {
          version: pdfkitOptions.pdfVersion as TDocumentDefinitions["version"],
          subset: pdfkitOptions.subset as TDocumentDefinitions["subset"],
          tagged: pdfkitOptions.tagged,
          displayTitle: pdfkitOptions.displayTitle,
        }
      : {}),
    pageSize: layout.pageSize,
    pageOrientation: layout.pageOrientation ?? "portrait",
    pageMargins: layout.pageMargins,
    language: "ja-JP",
    info: {
      title: metadata.title,
      author: metadata.author,
      subject: metadata.subject,
      keywords: metadata.keywords,
      creator,
      producer: creator,
      creationDate: options.date,
      modDate: options.date,
    },
    content: sheet.content,
    styles: layout.styles,
    defaultStyle: { ...layout.defaultStyle, font: env.fonts.main.id },
    footer: (currentPage: number, pages: number) => {
      pageCount = Math.max(pageCount, pages);
      return {
        columns: [
          { text: sheet.footerLabel, alignment: "left" },
          { text: `${currentPage} / ${pages}`, alignment: "right", width: 60 },
        ],
        fontSize: 8,
        margin: [layout.pageMargins[0], 14, layout.pageMargins[2], 0],
      };
    },
    pageBreakBefore: keepHeadingsWithContent as TDocumentDefinitions["pageBreakBefore"],
  };
  const { bytes, timings } = await writePdf(env, doc, started, (kit) => {
    if (!pdfkitOptions) return;
    if (structure) writeStructure(kit, structure);
    finishArchival(kit, {
      date: options.date,
      sources: options.source ? [options.source] : [],
      tagged: pdfkitOptions.tagged,
    });
  });
  return {
    bytes,
    pages: pageCount,
    diagnostics: pageBudgetDiagnostics(sheet, pageCount, options.file ?? "", options.lang ?? "ja"),
    timings,
  };
}

export function pageBudgetDiagnostics(
  sheet: SheetContent,
  pages: number,
  file: string,
  lang: Lang,
): Diagnostic[] {
  const budget = sheet.layout.pageBudget ?? DEFAULT_PAGE_BUDGET;
  if (pages <= budget) return [];
  const lastPage = (s: SheetContent["sections"][number]) =>
    Math.max(0, ...(s.node.positions ?? []).map((p) => p.pageNumber));
  const overflowing = sheet.sections.find((s) => lastPage(s) > budget);
  const name = overflowing?.title ?? "?";
  const id = overflowing?.id ?? "?";
  return [
    diagnostic(lang, {
      severity: "warning",
      code: "pdf-page-budget",
      file,
      field: name,
      message: {
        ja: `PDF が ${pages} ページになりました(この様式の目安は ${budget} ページ)。${name} が ${budget + 1} ページ目にはみ出しています`,
        en: `the PDF has ${pages} pages, over this form's budget of ${budget}: section ${name} (${id}) runs onto page ${budget + 1}`,
      },
      hint: {
        ja: "文章を短くするか、そのまま印刷してください(出力はできています)",
        en: "shorten the texts, or print it as it is (the PDF was written)",
      },
    }),
  ];
}
