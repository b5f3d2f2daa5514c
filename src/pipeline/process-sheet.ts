/**
 * One sheet through every stage a worker runs: load → validate → model → skip check → glyph check → render.
 * The rendered files are given back, not written: the main thread writes them (./write-outputs.ts) while this
 * worker renders the next sheet. Never throws for a problem in the sheet: everything comes back as diagnostics
 * in the result, so one bad sheet never stops others.
 */
import { type Diagnostic, diagnostic, hasErrors } from "../diagnostics.js";
import type { FormRegistry } from "../forms/registry.js";
import type { AnyForm } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { documentDate } from "../model/document-date.js";
import { summaryRowCount } from "../render-xlsx/summary-size.js";
import type { OutputFile } from "../write/atomic.js";
import { sheetHash } from "./fingerprint.js";
import { type ManifestEntry, outputIntact } from "./manifest.js";
import type { OutputRecord, SheetResult } from "./sheet-result.js";

export type { SheetResult, SheetStatus } from "./sheet-result.js";

import { sheetOutputPaths } from "./output-paths.js";
import { checkPrintable, type GlyphChecker, prepareSheet } from "./stages.js";

export type { GlyphContext } from "./stages.js";

export interface RenderOptions {
  date: Date;
  version: string;
  /** The sheet's file and the message language, for what the renderers report (e.g. the page budget). */
  file: string;
  lang: Lang;
  /** A draft PDF: no PDF/A, no tags, no attachment (`hyoka build --draft`). */
  draft: boolean;
  /** The sheet's source, byte for byte, attached to an archival PDF under `name`. */
  source?: { name: string; bytes: Uint8Array; description: string; type: string };
}

/** The renderers a worker uses; injected so the pipeline's own logic can be tested on its own. */
export interface SheetRenderers {
  /** Loads what rendering needs, if not yet loaded (timed as `setup`, apart from the stages). */
  prepare?(): Promise<void>;
  checkGlyphs: GlyphChecker;
  pdf(
    form: AnyForm,
    model: unknown,
    options: RenderOptions,
  ): Promise<{
    bytes: Uint8Array;
    pages: number;
    diagnostics: Diagnostic[];
    /** A breakdown of the `pdf` stage (layout, render, fonts, output), kept as `pdf.<step>`. */
    timings?: Record<string, number>;
  }>;
  xlsx(form: AnyForm, model: unknown, options: RenderOptions): Promise<Uint8Array>;
}

export interface SheetJob {
  file: string;
  /** The output folder's real path (checked before the build starts). */
  outDir: string;
  lang: Lang;
  force: boolean;
  /** What the last build recorded for this input, if anything. */
  previous?: ManifestEntry;
  environment: string;
  version: string;
  /** Whether to send the derived model back (for the consolidated workbook). */
  wantModel: boolean;
  /** Draft PDFs (`--draft`): part of `environment` too, so a change rebuilds every sheet. */
  draft?: boolean;
}

/**
 * A sheet rendered by a worker whose files are still to be written: the main thread writes them and makes the
 * {@link SheetResult} (built, or failed if a file could not be written). Its `outputs` are empty until then.
 */
export interface RenderedSheet extends Omit<SheetResult, "status"> {
  status: "rendered";
  /** `<year>/<code>.pdf` and `.xlsx`, relative to the job's `outDir`. */
  files: OutputFile[];
  pages: number;
}

/** What a worker gives back for a sheet: done with (skipped or failed), or rendered and still to be written. */
export type SheetOutcome = SheetResult | RenderedSheet;

export interface SheetContext {
  registry: FormRegistry;
  renderers: SheetRenderers;
}

function timer() {
  let last = performance.now();
  const timings: Record<string, number> = {};
  return {
    timings,
    lap(name: string) {
      const now = performance.now();
      timings[name] = (timings[name] ?? 0) + (now - last);
      last = now;
    },
  };
}

/**
 * Whether the outputs a sheet was last built into are still there with those bytes, as regular files under the
 * output folder (no link on the way). Read synchronously, as the sheet itself is (load/read-source.ts): in a
 * worker, that is quicker than a turn in the process's file thread pool.
 */
function outputsIntact(outDir: string, outputs: readonly OutputRecord[]): boolean {
  return outputs.length > 0 && outputs.every((output) => outputIntact(outDir, output));
}

export async function renderSheet(ctx: SheetContext, job: SheetJob): Promise<SheetOutcome> {
  const started = performance.now();
  const t = timer();
  const { file, lang } = job;
  const done = (
    partial: Omit<SheetResult, "file" | "timings" | "durationMs" | "outputs"> & { outputs?: OutputRecord[] },
  ): SheetResult => ({
    file,
    outputs: [],
    ...partial,
    timings: t.timings,
    durationMs: performance.now() - started,
  });

  const prepared = await prepareSheet(ctx.registry, file, lang, t.lap);
  if (!prepared.ok)
    return done({
      status: "failed",
      diagnostics: prepared.diagnostics,
      ...(prepared.identity ? { identity: prepared.identity } : {}),
    });
  const { form, model, identity } = prepared;
  const inputHash = sheetHash(prepared.loaded.bytes, job.environment);
  const base = {
    inputHash,
    identity,
    ...(job.wantModel ? { model, summaryRows: summaryRowCount([{ form, model }]) } : {}),
  };

  const previous = job.previous;
  if (
    !job.force &&
    previous &&
    previous.inputHash === inputHash &&
    previous.lang === lang &&
    outputsIntact(job.outDir, previous.outputs)
  ) {
    t.lap("check");
    // The warnings of the build that made the outputs (layout warnings among them), said again.
    return done({
      ...base,
      status: "skipped",
      outputs: previous.outputs,
      diagnostics: previous.warnings.map((w) => ({ ...w, severity: "warning", file })),
    });
  }

  if (ctx.renderers.prepare) {
    await ctx.renderers.prepare();
    t.lap("setup");
  }
  const glyphs = await checkPrintable(ctx.renderers.checkGlyphs, prepared, lang);
  t.lap("glyphs");
  const diagnostics = [...prepared.diagnostics, ...glyphs];
  if (hasErrors(diagnostics)) return done({ ...base, status: "failed", diagnostics });

  const paths = sheetOutputPaths(identity);
  const options: RenderOptions = {
    date: documentDate(identity.year),
    version: job.version,
    file,
    lang,
    draft: job.draft === true,
    source: sourceAttachment(paths.pdf, prepared.loaded.bytes),
  };
  let pdf: Awaited<ReturnType<SheetRenderers["pdf"]>>;
  let xlsx: Uint8Array;
  try {
    pdf = await ctx.renderers.pdf(form, model, options);
    t.lap("pdf");
    for (const [step, ms] of Object.entries(pdf.timings ?? {})) t.timings[`pdf.${step}`] = ms;
    xlsx = await ctx.renderers.xlsx(form, model, options);
    t.lap("xlsx");
  } catch (error) {
    return done({
      ...base,
      status: "failed",
      diagnostics: [...diagnostics, renderFailure(file, lang, error)],
    });
  }
  diagnostics.push(...pdf.diagnostics);

  // Not written here: the worker goes on to its next sheet while the main thread writes these.
  const files: OutputFile[] = [
    { relPath: paths.pdf, bytes: pdf.bytes },
    { relPath: paths.xlsx, bytes: xlsx },
  ];
  return {
    file,
    ...base,
    status: "rendered",
    files,
    outputs: [],
    pages: pdf.pages,
    diagnostics,
    timings: t.timings,
    durationMs: performance.now() - started,
  };
}

/**
 * The sheet's file as attached to its PDF: named after the PDF (`2013/72302000.pdf` → `72302000.json`), so the
 * name depends on the sheet, not on where its file lay; the bytes exactly as read.
 */
export function sourceAttachment(
  pdfPath: string,
  bytes: Uint8Array,
): { name: string; bytes: Uint8Array; description: string; type: string } {
  const name = `${pdfPath.replace(/^.*\//, "").replace(/\.pdf$/, "")}.json`;
  return { name, bytes, description: "hyoka source data (JSON)", type: "application/json" };
}

function renderFailure(file: string, lang: Lang, error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return diagnostic(lang, {
    code: "render-failed",
    file,
    message: { ja: `出力を作成できませんでした: ${detail}`, en: `rendering failed: ${detail}` },
  });
}
