/**
 * One sheet through every stage a worker runs: load → validate → model → skip check → glyph check → render.
 * The rendered files are given back, not written: the main thread writes them (./write-outputs.ts) while this
 * worker renders the next sheet. Never throws for a problem in the sheet: everything comes back as diagnostics
 * in the result, so one bad sheet never stops others.
 */
import { readFileSync } from "node:fs";
import { type Diagnostic, diagnostic, hasErrors } from "../diagnostics.js";
import type { FormRegistry } from "../forms/registry.js";
import type { AnyForm, SheetIdentity } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { loadSheet } from "../load/load-sheet.js";
import type { ParsedJson } from "../load/parse-json.js";
import { documentDate } from "../model/document-date.js";
import { summaryRowCount } from "../render-xlsx/summary-size.js";
import { validateSheet } from "../validate/validate-sheet.js";
import type { OutputFile } from "../write/atomic.js";
import { sha256, sheetHash } from "./fingerprint.js";
import type { ManifestEntry, OutputRecord } from "./manifest.js";

export interface GlyphContext {
  file: string;
  lang: Lang;
  locate: ParsedJson["locate"];
}

export interface RenderOptions {
  date: Date;
  version: string;
  /** The sheet's file and the message language, for what the renderers report (e.g. the page budget). */
  file: string;
  lang: Lang;
}

/** The renderers a worker uses; injected so the pipeline's own logic can be tested on its own. */
export interface SheetRenderers {
  /** Loads what rendering needs, if not yet loaded (timed as `setup`, apart from the stages). */
  prepare?(): Promise<void>;
  checkGlyphs(form: AnyForm, data: unknown, ctx: GlyphContext): Diagnostic[] | Promise<Diagnostic[]>;
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
  outDir: string;
  lang: Lang;
  force: boolean;
  /** What the last build recorded for this input, if anything. */
  previous?: ManifestEntry;
  environment: string;
  version: string;
  /** Whether to send the derived model back (for the consolidated workbook). */
  wantModel: boolean;
}

export type SheetStatus = "built" | "skipped" | "failed";

export interface SheetResult {
  file: string;
  status: SheetStatus;
  inputHash?: string;
  identity?: SheetIdentity;
  model?: unknown;
  /** With the model: the rows it gives the year's summary workbook (render-xlsx/summary-size.ts). */
  summaryRows?: number;
  outputs: OutputRecord[];
  pages?: number;
  diagnostics: Diagnostic[];
  /**
   * Milliseconds per stage: load, validate, model, setup (loading the renderers: only on a worker's first
   * rendered sheet), glyphs, pdf, xlsx in the worker; write (the atomic writes and their hashes) on the main
   * thread, while the worker renders the next sheet. `pdf.layout`, `pdf.render`, `pdf.fonts` and `pdf.output`
   * break `pdf` down (they are part of it, not added to it).
   */
  timings: Record<string, number>;
  /** The sheet's own time: its work in a worker plus the writing of its files (not the time it waited). */
  durationMs: number;
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

const SAFE_CODE = /^[0-9A-Za-z_-]{1,40}$/;

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
 * Whether the outputs a sheet was last built into are still there with those bytes. Read synchronously, as the
 * sheet itself is (load/read-source.ts): in a worker, that is quicker than a turn in the process's file thread pool.
 */
function outputsIntact(outDir: string, outputs: readonly OutputRecord[]): boolean {
  for (const output of outputs) {
    try {
      if (sha256(readFileSync(`${outDir}/${output.path}`)) !== output.sha256) return false;
    } catch {
      return false;
    }
  }
  return outputs.length > 0;
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

  const loaded = await loadSheet(file, lang);
  t.lap("load");
  if (!loaded.ok) return done({ status: "failed", diagnostics: loaded.diagnostics });
  const validated = validateSheet(ctx.registry, loaded.sheet, lang, loaded.diagnostics);
  t.lap("validate");
  if (!validated.ok) return done({ status: "failed", diagnostics: validated.diagnostics });
  const { form, data } = validated;
  const model = form.derive(data);
  const identity = form.identify(model);
  t.lap("model");
  const inputHash = sheetHash(loaded.sheet.bytes, job.environment);
  const base = {
    inputHash,
    identity,
    ...(job.wantModel ? { model, summaryRows: summaryRowCount([{ form, model }]) } : {}),
  };

  if (!SAFE_CODE.test(identity.code) || !Number.isInteger(identity.year)) {
    return done({
      ...base,
      status: "failed",
      diagnostics: [
        diagnostic(lang, {
          code: "output-name",
          file,
          message: {
            ja: `出力ファイル名に使えないコードです: ${JSON.stringify(identity.code)}`,
            en: `the code cannot name an output file: ${JSON.stringify(identity.code)}`,
          },
        }),
      ],
    });
  }

  const previous = job.previous;
  if (
    !job.force &&
    previous &&
    previous.inputHash === inputHash &&
    outputsIntact(job.outDir, previous.outputs)
  ) {
    t.lap("check");
    return done({
      ...base,
      status: "skipped",
      outputs: previous.outputs,
      diagnostics: validated.diagnostics,
    });
  }

  if (ctx.renderers.prepare) {
    await ctx.renderers.prepare();
    t.lap("setup");
  }
  const glyphs = await ctx.renderers.checkGlyphs(form, data, {
    file,
    lang,
    locate: loaded.sheet.json.locate,
  });
  t.lap("glyphs");
  const diagnostics = [...validated.diagnostics, ...glyphs];
  if (hasErrors(diagnostics)) return done({ ...base, status: "failed", diagnostics });

  const options: RenderOptions = { date: documentDate(identity.year), version: job.version, file, lang };
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
    { relPath: `${identity.year}/${identity.code}.pdf`, bytes: pdf.bytes },
    { relPath: `${identity.year}/${identity.code}.xlsx`, bytes: xlsx },
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

function renderFailure(file: string, lang: Lang, error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return diagnostic(lang, {
    code: "render-failed",
    file,
    message: { ja: `出力を作成できませんでした: ${detail}`, en: `rendering failed: ${detail}` },
  });
}
