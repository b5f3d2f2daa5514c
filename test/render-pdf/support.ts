/** Shared by the PDF tests: one environment per test file, the golden sheet, and reading PDFs back with mupdf. */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as mupdf from "mupdf";
import { expect } from "vitest";
import type { EngineMode } from "../../src/render-pdf/engine/index.js";
import type { Content, TDocumentDefinitions } from "../../src/render-pdf/engine/internals.js";
import {
  createPdfEnvironment,
  type PdfEnvironment,
  type RenderedPdf,
  renderSheetPdf,
} from "../../src/render-pdf/index.js";
import form from "../../templates/sheet-1/index.js";
import type { SheetData } from "../../templates/sheet-1/schema.js";
import { ROOT } from "../helpers.js";

export { form };
export const SEED_FIXTURE = path.join(ROOT, "test/fixtures/pdf-seed-72302000.json");
export const DATE = new Date(Date.UTC(2014, 2, 31));

let env: Promise<PdfEnvironment> | undefined;
/**
 * The environment of this test file: in the engine mode of `HYOKA_PDF_ENGINE` (fast by default), or in `engine`
 * for a file that tests one mode whatever the run's (one process holds one mode).
 */
export function environment(engine?: EngineMode): Promise<PdfEnvironment> {
  env ??= createPdfEnvironment(engine ? { engine } : {});
  return env;
}

export function seedText(): string {
  return readFileSync(SEED_FIXTURE, "utf8");
}

export function seed(): SheetData {
  return JSON.parse(seedText()) as SheetData;
}

export async function render(data: unknown, version = "0.1.0"): Promise<RenderedPdf> {
  const valid = form.schema.parse(data);
  return renderSheetPdf(await environment(), form, form.derive(valid), { date: DATE, version });
}

/** A bare document in the configured fonts, for tests of line breaking. */
export async function renderContent(content: Content[], engine?: EngineMode): Promise<Buffer> {
  const e = await environment(engine);
  const doc: TDocumentDefinitions = {
    pageSize: "A4",
    content,
    defaultStyle: { font: e.fonts.main.id, fontSize: 10, lineHeight: 1.25 },
    info: { creationDate: DATE, modDate: DATE },
  };
  return e.pdfmake.createPdf(doc).getBuffer();
}

export function openPdf(bytes: Uint8Array): mupdf.Document {
  return mupdf.Document.openDocument(bytes, "application/pdf");
}

export interface TextLine {
  page: number;
  text: string;
  x: number;
  y: number;
  font: string;
}

/** Every line of text as mupdf reads it, in reading order. */
export function pdfLines(bytes: Uint8Array): TextLine[] {
  const doc = openPdf(bytes);
  const out: TextLine[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const json = JSON.parse(doc.loadPage(i).toStructuredText("preserve-whitespace").asJSON()) as {
      blocks: { lines?: { text: string; x: number; y: number; font: { name: string } }[] }[];
    };
    for (const block of json.blocks)
      for (const l of block.lines ?? [])
        out.push({ page: i + 1, text: l.text, x: l.x, y: l.y, font: l.font.name });
  }
  return out;
}

/** The whole text with every kind of white space removed, so line breaks do not matter. */
export function pdfTextCompact(bytes: Uint8Array): string {
  const doc = openPdf(bytes);
  let text = "";
  for (let i = 0; i < doc.countPages(); i++)
    text += doc.loadPage(i).toStructuredText("preserve-whitespace").asText();
  return compact(text);
}

/**
 * Expects each of `values` in `text` in this order, each after the one before; gives the position after the
 * last.
 */
export function expectInOrder(text: string, values: readonly string[]): number {
  let at = 0;
  for (const value of values) {
    const found = text.indexOf(value, at);
    expect(found, `${value} after position ${at}`).toBeGreaterThanOrEqual(at);
    at = found + value.length;
  }
  return at;
}

export function compact(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/gu, "");
}
