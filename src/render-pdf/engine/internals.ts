/**
 * The only module that loads pdfmake's, pdfkit's and fontkit's code (src/render-pdf/engine/README.md): the
 * published entry points (pdfmake's singleton, pdfkit's document class, fontkit, linebreak) and pdfmake's
 * internal modules (`pdfmake/js/*`) that the engine's patches and the annual book reach into. Everything else
 * imports them from here, so one file says what hyoka depends on beyond pdfmake's public API, and
 * versions.ts checks the versions it was written against before any of it is used.
 *
 * The CommonJS modules pdfmake runs on are loaded exactly as pdfmake and pdfkit load them: fontkit and
 * linebreak keep module-level state (fontkit's list of font formats, linebreak's class), so hyoka must reach
 * the same module instances pdfkit and pdfmake use, not the ESM builds an `import` would load beside them.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces.js";

import { LIBRARY_MAIN_FILES } from "./library-files.js";

const requireHere = createRequire(import.meta.url);
const requireFromPdfmake = createRequire(LIBRARY_MAIN_FILES.pdfmake);
const requireFromPdfkit = createRequire(LIBRARY_MAIN_FILES.pdfkit);

/** What hyoka uses of a fontkit font. */
export interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export interface FontkitModule {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
  registerFormat(format: { probe(buffer: Uint8Array): boolean; new (stream: unknown): object }): void;
}

export interface LineBreakerBreak {
  position: number;
  required: boolean;
}

export interface LineBreakerClass {
  new (text: string): { string: string; nextBreak(): LineBreakerBreak | null };
  prototype: { nextBreak(this: { string: string }): LineBreakerBreak | null };
}

export interface PdfmakeDocument {
  /** The pdfkit document, laid out and drawn, not yet ended. */
  getStream(): Promise<unknown>;
  getBuffer(): Promise<Buffer>;
}

export interface VirtualFs {
  writeFileSync(name: string, content: Uint8Array): void;
  existsSync(name: string): boolean;
}

/** The parts of a pdfmake 0.3 instance hyoka uses. */
export interface PdfmakeInstance {
  virtualfs: VirtualFs;
  setFonts(fonts: Record<string, { normal: string; bold?: string }>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  setTableLayouts(layouts: Record<string, unknown>): void;
  createPdf(doc: TDocumentDefinitions): PdfmakeDocument;
}

/**
 * The sRGB ICC profile pdfkit embeds in a PDF/A document's output intent (`_addColorOutputIntent` reads
 * `js/data/sRGB_IEC61966_2_1.icc` beside its main file, for every document).
 */
export const PDFKIT_SRGB_ICC = path.join(
  path.dirname(LIBRARY_MAIN_FILES.pdfkit),
  "data/sRGB_IEC61966_2_1.icc",
);

export const fontkit = requireFromPdfkit("fontkit") as FontkitModule;
export const LineBreaker = requireFromPdfmake("linebreak") as LineBreakerClass;

const pdfmakeSingleton = requireHere("pdfmake") as PdfmakeInstance;

/**
 * A pdfmake instance of hyoka's own, with its own virtual file system: the module's singleton and its
 * singleton file system are shared with anything else in the process that loads pdfmake, and hyoka's fonts and
 * access policies should not leak into (or be changed by) them.
 */
export function newPdfmake(): PdfmakeInstance {
  const Pdfmake = pdfmakeSingleton.constructor as new () => PdfmakeInstance;
  const instance = new Pdfmake();
  const Vfs = pdfmakeSingleton.virtualfs.constructor as new () => VirtualFs;
  instance.virtualfs = new Vfs();
  return instance;
}

/**
 * pdfmake's internal modules hyoka reaches into (`pdfmake/js/<name>.js`, CommonJS builds of its classes): the
 * complete list. Each is loaded on first use, as the module pdfmake itself uses (the same class objects, so
 * a patch of a prototype here is a patch of pdfmake's).
 */
export type PdfmakeInternalModule =
  | "DocMeasure"
  | "LayoutBuilder"
  | "Line"
  | "PageSize"
  | "PDFDocument"
  | "Renderer"
  | "StyleContextStack"
  | "SVGMeasure"
  | "TextDecorator"
  | "TextInlines"
  | "tableLayouts";

/** One of pdfmake's internal modules (see {@link PdfmakeInternalModule}), its exports as loaded. */
export function pdfmakeInternal(name: PdfmakeInternalModule): unknown {
  return requireFromPdfmake(`./${name}.js`);
}

/** pdfkit's `PDFDocument` class, the one pdfmake subclasses. */
export function pdfkitDocumentClass(): unknown {
  return requireFromPdfmake("pdfkit");
}

export type { Content, TDocumentDefinitions };
