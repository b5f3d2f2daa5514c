/**
 * A build worker thread. Everything expensive (schema, templates, parsed fonts) is set up once and reused for
 * every sheet this worker renders: the schema and templates on the first sheet, the renderers (pdfmake, pdfkit,
 * fontkit, exceljs, the fonts) on the first sheet that is not skipped, so a build of unchanged sheets never
 * loads them (a third of a second of CPU and some 50 MB per worker). A worker renders only: the files it makes
 * are written by the main thread (./write-outputs.ts).
 */

import { workerData } from "piscina";
import { diagnostic } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import type { FontFiles } from "../render-pdf/font-config.js";
import { deferUnusedModules } from "./deferred-modules.js";
import {
  renderSheet,
  type SheetContext,
  type SheetJob,
  type SheetRenderers,
  type SheetResult,
} from "./process-sheet.js";
import { transferBytes, transferOutcome } from "./transfer.js";

deferUnusedModules();

let context: Promise<SheetContext> | undefined;

/** What the build tells every worker it starts (pool.ts). */
const options = (workerData ?? {}) as { preload?: boolean; fontFiles?: FontFiles };

async function loadRenderers(): Promise<SheetRenderers> {
  const [{ checkGlyphs, createPdfEnvironment, mainFontName, renderSheetPdf }, { renderSheetWorkbook }] =
    await Promise.all([import("../render-pdf/index.js"), import("../render-xlsx/sheet-workbook.js")]);
  const pdf = await createPdfEnvironment({ fontFiles: options.fontFiles });
  return {
    checkGlyphs: (form, data, ctx) => checkGlyphs(pdf, form, data, ctx),
    pdf: (form, model, options) => renderSheetPdf(pdf, form, model, options),
    xlsx: (form, model, options) =>
      renderSheetWorkbook(form, model, { ...options, fontFamily: mainFontName() }),
  };
}

async function createContext(): Promise<SheetContext> {
  let renderers: Promise<SheetRenderers> | undefined;
  const loaded = () => {
    renderers ??= loadRenderers();
    return renderers;
  };
  return {
    registry: await FormRegistry.load(),
    renderers: {
      prepare: async () => {
        await loaded();
      },
      checkGlyphs: async (form, data, ctx) => (await loaded()).checkGlyphs(form, data, ctx),
      pdf: async (form, model, options) => (await loaded()).pdf(form, model, options),
      xlsx: async (form, model, options) => (await loaded()).xlsx(form, model, options),
    },
  };
}

/**
 * A build that will render (a cold or forced one: see pool.ts) has the worker load its renderers as soon as it
 * starts, while the main thread is still finding the files: measured, the workers started their first sheet some
 * 0.3 s after the process, and then spent another 0.3 s loading pdfmake, pdfkit, exceljs and the fonts. A
 * failure here is not lost: the first sheet awaits the same promise and reports it.
 */
if (options.preload) {
  context ??= createContext();
  context.then((c) => c.renderers.prepare?.()).catch(() => {});
}

/**
 * Renders one sheet and gives back its outcome; a rendered sheet's files are moved to the main thread, which
 * writes them while this worker takes its next sheet.
 */
export default async function run(job: SheetJob): Promise<unknown> {
  try {
    context ??= createContext();
    return transferOutcome(await renderSheet(await context, job));
  } catch (error) {
    // A bug or an unexpected exception is this sheet's error, never the end of the build.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const failed: SheetResult = {
      file: job.file,
      status: "failed",
      outputs: [],
      timings: {},
      durationMs: 0,
      diagnostics: [
        diagnostic(job.lang, {
          code: "internal",
          file: job.file,
          message: { ja: `内部エラー: ${detail}`, en: `internal error: ${detail}` },
        }),
      ],
    };
    return failed;
  }
}

/** A year's summary workbook for the build (see pipeline/summaries.ts): its sheets' forms and models. */
export interface SummaryTask {
  year: number;
  version: string;
  entries: { formId: string; model: unknown }[];
}

/**
 * Makes a year's summary workbook, written in memory with the exceljs code this worker has run for every sheet
 * (summary-workbook.ts); its bytes are moved to the main thread. Throws on a problem: the build reports it.
 */
export async function summary(task: SummaryTask): Promise<unknown> {
  // The summary comes when a worker's heap has grown through its sheets: its young generation collected first,
  // the build's peak RSS stays lower. Only the young generation: a forced full collection also dropped the
  // optimised code of some hundred functions (V8 deoptimises code whose embedded objects a forced collection
  // clears: "weak objects"), which the worker then ran slowly and compiled again for the sheets after the
  // summary. Measured, 200 sheets with `--force`, 6 runs each: full 4.71 s median wall, 349–359 MB peak
  // RSS, 198 deoptimisations; young only 4.50 s, 352–363 MB, none; no collection 4.49 s, 359–372 MB.
  (globalThis as { gc?: (options: { type: "minor" }) => void }).gc?.({ type: "minor" });
  context ??= createContext();
  const [{ registry }, { makeSummary }] = await Promise.all([context, import("./summaries.js")]);
  return transferBytes(await makeSummary(registry, task.year, task.version, task.entries));
}
