/**
 * `validate` promises what `build` delivers: over generated sheets at the edges of the schema (tiny and huge
 * numbers, every allowed character class, every limit reached), a sheet that passes the checks `validate` runs
 * (pipeline/stages.ts checkSheet) renders to a PDF and a workbook without an error.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { FormRegistry } from "../../src/forms/registry.js";
import { checkSheet, type GlyphChecker } from "../../src/pipeline/stages.js";
import {
  checkGlyphs,
  createPdfEnvironment,
  mainFontName,
  type PdfEnvironment,
  renderSheetPdf,
} from "../../src/render-pdf/index.js";
import { renderSheetWorkbook } from "../../src/render-xlsx/index.js";
import { tempDir } from "../helpers.js";
import { edgeSheet } from "./edge-sheets.js";

let registry: FormRegistry;
let env: PdfEnvironment;
let glyphs: GlyphChecker;
beforeAll(async () => {
  registry = await FormRegistry.load();
  env = await createPdfEnvironment();
  glyphs = (form, data, ctx) => checkGlyphs(env, form, data, ctx);
});

describe("validate promises what build delivers", () => {
  it("renders every generated sheet that passes validate's checks", { timeout: 600_000 }, async () => {
    const dir = tempDir();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(edgeSheet(), async (sheet) => {
        const file = path.join(dir, "sheet.json");
        writeFileSync(file, JSON.stringify(sheet, null, 2));
        const checked = await checkSheet(registry, glyphs, file, "ja");
        if (!checked.ok) {
          // A refusal is always located and explained.
          expect(checked.diagnostics.length).toBeGreaterThan(0);
          for (const d of checked.diagnostics) expect(d.message).not.toBe("");
          return;
        }
        accepted++;
        const options = { date: new Date(Date.UTC(2014, 2, 31)), version: "test", file, lang: "ja" as const };
        const pdf = await renderSheetPdf(env, checked.form, checked.model, options);
        expect(pdf.pages).toBeGreaterThan(0);
        const xlsx = await renderSheetWorkbook(checked.form, checked.model, {
          ...options,
          fontFamily: mainFontName(),
        });
        expect(xlsx.length).toBeGreaterThan(0);
      }),
      { numRuns: 40, seed: 20261203, endOnFailure: true },
    );
    // The generator is not so wild that nothing gets through.
    expect(accepted).toBeGreaterThan(5);
  });
});
