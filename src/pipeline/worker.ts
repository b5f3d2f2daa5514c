/**
 * A build worker thread. Everything expensive (schema, templates, parsed fonts) is set up once, on the first
 * sheet, and reused for every sheet this worker renders.
 */

import { diagnostic } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import { checkGlyphs, createPdfEnvironment, MAIN_FONT_FAMILY, renderSheetPdf } from "../render-pdf/index.js";
import { renderSheetWorkbook } from "../render-xlsx/index.js";
import { processSheet, type SheetContext, type SheetJob, type SheetResult } from "./process-sheet.js";

let context: Promise<SheetContext> | undefined;

async function createContext(): Promise<SheetContext> {
  const [registry, pdf] = await Promise.all([FormRegistry.load(), createPdfEnvironment()]);
  return {
    registry,
    renderers: {
      checkGlyphs: (form, data, ctx) => checkGlyphs(pdf, form, data, ctx),
      pdf: (form, model, options) => renderSheetPdf(pdf, form, model, options),
      xlsx: (form, model, options) =>
        renderSheetWorkbook(form, model, { ...options, fontFamily: MAIN_FONT_FAMILY }),
    },
  };
}

export default async function run(job: SheetJob): Promise<SheetResult> {
  try {
    context ??= createContext();
    return await processSheet(await context, job);
  } catch (error) {
    // A bug or an unexpected exception is this sheet's error, never the end of the build.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return {
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
  }
}
