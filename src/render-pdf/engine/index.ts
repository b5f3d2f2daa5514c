/**
 * hyoka's PDF engine: pdfmake 0.3.11 on pdfkit and fontkit, with the patches of their internals listed in one
 * ordered register ({@link PATCHES}; what each replaces and why, and the test that holds it to upstream:
 * README.md in this folder). {@link installEngine} checks the libraries' versions (versions.ts) and installs
 * the patches of a mode, in order, once per process (or worker thread):
 *
 * - `fast` (the default): every patch. The output is held to `plain`'s by test/render-pdf/engine-contract.test.ts.
 * - `plain` (`HYOKA_PDF_ENGINE=plain`): pdfmake as published, with only the patches that are features (they
 *   change what is printed: 禁則) or change nothing printed (the render clock of the timings).
 *
 * The patches are global (they replace methods on the libraries' prototypes), so one process holds one mode:
 * asking for the other one after the first install throws.
 */
import { installContentBuffer } from "./content-buffer.js";
import { installEarlyHeadingBreaks } from "./heading-breaks.js";
import type { FontkitFont } from "./internals.js";
import { installKinsoku } from "./kinsoku-breaker.js";
import { installSharedLayoutCache } from "./layout-cache.js";
import { installLineRenderer, installRenderClock } from "./line-renderer.js";
import { installMeasureReuse } from "./measure-reuse.js";
import type { EngineMode } from "./mode.js";
import { installPackedLines, installPackedMeasure } from "./packed-text.js";
import { installStructure } from "./structure.js";
import { installFastStyleLookup } from "./style-stack.js";
import { installSubsetCache } from "./subset-cache.js";
import { installSubsetEncoder } from "./subset-encode.js";
import { installTextMeasure } from "./text-measure.js";
import { installVectorRenderer } from "./vector-renderer.js";
import { checkVersions, type EngineLibrary } from "./versions.js";

export { ENGINE_MODES, type EngineMode, engineModeFromEnv } from "./mode.js";

/** What a patch's install needs besides the libraries. */
export interface EngineContext {
  /** Every parsed font of the environment (the subset patches install on the subset class of each). */
  fonts: readonly FontkitFont[];
  /** The document's `pageBreakBefore` rule whose decisions heading-breaks.ts makes early. */
  headingRule: (...args: never[]) => boolean;
}

export interface Patch {
  /** The file in this folder (without `.ts`) and, for files with two, the part. */
  name: string;
  library: EngineLibrary | "linebreak";
  /** The upstream function(s) replaced or wrapped. */
  replaces: string;
  /**
   * `feature`: changes what is printed, on in both modes. `speed`: the same output faster, off in plain mode.
   * `measure`: changes nothing in the output (timings), on in both modes.
   */
  kind: "feature" | "speed" | "measure";
  install(context: EngineContext): void;
}

/** The patches, in the order they are installed (the order matters where two wrap the same method). */
export const PATCHES: readonly Patch[] = [
  {
    name: "kinsoku-breaker",
    library: "linebreak",
    replaces: "LineBreaker.prototype.nextBreak (linebreak, as pdfmake's TextBreaker uses it)",
    kind: "feature",
    install: () => installKinsoku(),
  },
  {
    name: "line-renderer (render clock)",
    library: "pdfmake",
    replaces: "Renderer.prototype.renderPages (wrapped: a time stamp)",
    kind: "measure",
    install: () => installRenderClock(),
  },
  {
    name: "layout-cache",
    library: "pdfmake",
    replaces: "PDFDocument.prototype.provideFont (wrapped: pdfkit's EmbeddedFont.layoutCache shared)",
    kind: "speed",
    install: () => installSharedLayoutCache(),
  },
  {
    name: "style-stack",
    library: "pdfmake",
    replaces: "StyleContextStack.getStyleProperty, StyleContextStack.prototype.getProperty",
    kind: "speed",
    install: () => installFastStyleLookup(),
  },
  {
    name: "text-measure",
    library: "pdfmake",
    replaces: "TextInlines.prototype.measure",
    kind: "speed",
    install: () => installTextMeasure(),
  },
  {
    name: "content-buffer",
    library: "pdfkit",
    replaces: "PDFReference.prototype.write, PDFReference.prototype.finalize",
    kind: "speed",
    install: () => installContentBuffer(),
  },
  {
    name: "line-renderer",
    library: "pdfmake",
    replaces: "Renderer.prototype.renderLine (and pdfkit's EmbeddedFont.encode, _fragment for its words)",
    kind: "speed",
    install: () => installLineRenderer(),
  },
  {
    name: "vector-renderer",
    library: "pdfmake",
    replaces: "Renderer.prototype.renderVector (and pdfkit's vector and colour methods it calls)",
    kind: "speed",
    install: () => installVectorRenderer(),
  },
  {
    name: "heading-breaks",
    library: "pdfmake",
    replaces: "LayoutBuilder.prototype.layoutDocument, tryLayoutDocument, processNode (wrapped)",
    kind: "speed",
    install: (context) => installEarlyHeadingBreaks(context.headingRule),
  },
  {
    name: "packed-text (measure)",
    library: "pdfmake",
    replaces: "DocMeasure.prototype.measureLeaf",
    kind: "speed",
    install: () => installPackedMeasure(),
  },
  {
    name: "measure-reuse",
    library: "pdfmake",
    replaces:
      "DocMeasure.prototype.measureDocument, measureLeaf; LayoutBuilder.prototype.buildNextLine (wrapped)",
    kind: "speed",
    install: () => installMeasureReuse(),
  },
  {
    name: "packed-text (lines)",
    library: "pdfmake",
    replaces: "LayoutBuilder.prototype.buildNextLine",
    kind: "speed",
    install: () => installPackedLines(),
  },
  {
    name: "subset-cache",
    library: "fontkit",
    replaces: "TTFSubset.prototype._addGlyph",
    kind: "speed",
    install: (context) => {
      for (const font of context.fonts) installSubsetCache(font);
    },
  },
  {
    name: "subset-encode",
    library: "fontkit",
    replaces: "TTFSubset.prototype.encode",
    kind: "speed",
    install: (context) => {
      for (const font of context.fonts) installSubsetEncoder(font);
    },
  },
  {
    // Last: it wraps whatever renderLine, renderVector and buildNextLine the patches above installed.
    name: "structure",
    library: "pdfmake",
    replaces:
      "LayoutBuilder.prototype.buildNextLine, Renderer.prototype.renderLine, renderVector, renderImage, renderSVG (wrapped: tagged PDF)",
    kind: "feature",
    install: () => installStructure(),
  },
];

/**
 * Not patches, but code that depends on these libraries beyond pdfmake's public API, named in the version
 * check's message with the patches.
 */
const ALSO_DEPENDENT: Readonly<Record<EngineLibrary, readonly string[]>> = {
  pdfmake: ["book.ts (LayoutBuilder, Renderer, PDFDocument, PageSize, SVGMeasure, tableLayouts)"],
  pdfkit: [
    "structure (marked content, the parent tree, annotate)",
    "archival.ts (_addInfo, appendXML, file, the PDF/A subset)",
    "layout-cache (EmbeddedFont.layoutCache)",
    "line-renderer (EmbeddedFont.encode, _fragment, text state)",
    "vector-renderer (pdfkit's path, colour and opacity operators)",
    "book.ts (outline, page tree)",
  ],
  fontkit: [
    "line-renderer encodeWord (glyph runs)",
    "fonts.ts (registerFormat token, line metrics of fallback fonts)",
  ],
};

/** The patches and other code that depend on each library, for the version check's message. */
export function dependents(): Record<EngineLibrary, string[]> {
  const out: Record<EngineLibrary, string[]> = { pdfmake: [], pdfkit: [], fontkit: [] };
  for (const patch of PATCHES) {
    // linebreak comes with pdfmake (its dependency, loaded through it).
    const lib = patch.library === "linebreak" ? "pdfmake" : patch.library;
    out[lib].push(patch.name);
  }
  for (const lib of Object.keys(out) as EngineLibrary[]) out[lib].push(...ALSO_DEPENDENT[lib]);
  return out;
}

/** The patches a mode installs, in order. */
export function patchesOf(mode: EngineMode): Patch[] {
  return PATCHES.filter((p) => mode === "fast" || p.kind !== "speed");
}

/** The mode installed in this thread, on the global object: the patched prototypes are this thread's. */
const MODE = Symbol.for("hyoka.engineMode");

export function installedEngineMode(): EngineMode | undefined {
  return (globalThis as { [MODE]?: EngineMode })[MODE];
}

/**
 * Checks the libraries' versions and installs the mode's patches. Idempotent for one mode; asking for the other
 * one once a mode is installed throws (the patches cannot be taken back).
 */
export function installEngine(mode: EngineMode, context: EngineContext): void {
  checkVersions(dependents());
  const installed = installedEngineMode();
  if (installed !== undefined && installed !== mode) {
    throw new Error(
      `hyoka: the PDF engine is installed in ${installed} mode in this process; it cannot also run in ${mode} mode`,
    );
  }
  for (const patch of patchesOf(mode)) patch.install(context);
  (globalThis as { [MODE]?: EngineMode })[MODE] = mode;
}
