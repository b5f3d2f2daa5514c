/**
 * `npm run golden:update`: renders the golden sheets ({@link GOLDEN_SHEETS}: the seed
 * test/fixtures/pdf-seed-72302000.json and others, of each form) and rewrites their reference page images in
 * test/golden/<sheet>/. Run it on purpose only, after looking at the new pages, and
 * commit the images apart from code with the reason. The same functions render and compare in
 * test/render-pdf/golden.test.ts, so the test and the references are made the same way.
 *
 * Drawn by pdfmake as published (the PDF engine's plain mode, src/render-pdf/engine/README.md), so the images pin
 * hyoka's layout to pdfmake, not to hyoka's own speed patches; engine-contract.test.ts holds the fast engine to
 * the plain one.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as mupdf from "mupdf";
import { PNG } from "pngjs";
import type { AnyForm } from "../src/forms/types.js";
import { PROJECT_ROOT } from "../src/paths.js";
import { createPdfEnvironment, renderSheetPdf } from "../src/render-pdf/index.js";
import sheet1 from "../templates/sheet-1/index.js";
import sheet2 from "../templates/sheet-2/index.js";

/** The forms the golden sheets are drawn in, by the `form` their data names. */
const FORMS: Readonly<Record<string, AnyForm>> = { "sheet-1": sheet1, "sheet-2": sheet2 };

export const GOLDEN_INPUT = path.join(PROJECT_ROOT, "test/fixtures/pdf-seed-72302000.json");
export const GOLDEN_DIR = path.join(PROJECT_ROOT, "test/golden/sheet-1");

/**
 * The golden sheets: the seed, and hard sheets from `npm run gen -- --profile hard` (indicators over different
 * years, decimals, 集計中 in number cells, long units, tables over a page break), each with its folder of pages;
 * of 施策進行管理・評価表(2), the real example (one project) and a generated sheet of 19 projects.
 */
export const GOLDEN_SHEETS: readonly { name: string; input: string; dir: string }[] = [
  { name: "seed", input: GOLDEN_INPUT, dir: GOLDEN_DIR },
  ...["11101000", "12201000", "32201000"].map((code) => ({
    name: `hard-${code}`,
    input: path.join(PROJECT_ROOT, `test/fixtures/hard-${code}.json`),
    dir: path.join(PROJECT_ROOT, `test/golden/sheet-1-hard-${code}`),
  })),
  {
    name: "sheet-2",
    input: path.join(PROJECT_ROOT, "test/fixtures/sheet-2-62401000.json"),
    dir: path.join(PROJECT_ROOT, "test/golden/sheet-2"),
  },
  {
    name: "sheet-2-sample-92120001",
    input: path.join(PROJECT_ROOT, "test/fixtures/sheet-2-sample-92120001.json"),
    dir: path.join(PROJECT_ROOT, "test/golden/sheet-2-sample-92120001"),
  },
];
/** Modest resolution keeps the images small; one changed digit still changes well over 20 pixels. */
export const GOLDEN_DPI = 100;
export const GOLDEN_DATE = new Date(Date.UTC(2014, 2, 31));

/** The engine mode the golden pages are drawn in, in the tests as in `npm run golden:update`. */
export const GOLDEN_ENGINE = "plain";

/** A golden sheet (a file of sheet data, or the data itself) drawn in {@link GOLDEN_ENGINE} mode. */
export async function renderGoldenPdf(input: unknown = GOLDEN_INPUT): Promise<Buffer> {
  const env = await createPdfEnvironment({ engine: GOLDEN_ENGINE });
  const raw: unknown = typeof input === "string" ? JSON.parse(readFileSync(input, "utf8")) : input;
  const id = (raw as { form?: unknown }).form;
  const form = typeof id === "string" ? FORMS[id] : undefined;
  if (!form) throw new Error(`golden sheet of an unknown form: ${String(id)}`);
  const data = form.schema.parse(raw);
  const { bytes } = await renderSheetPdf(env, form, form.derive(data), {
    date: GOLDEN_DATE,
    version: "golden",
  });
  return bytes;
}

/** Every page as a grayscale PNG (encoded bytes), at `dpi`. */
export function rasterize(pdf: Uint8Array, dpi = GOLDEN_DPI): Buffer[] {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  const scale = dpi / 72;
  const pages: Buffer[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const pixmap = doc
      .loadPage(i)
      .toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false, true);
    pages.push(Buffer.from(pixmap.asPNG()));
  }
  return pages;
}

export function goldenFile(page: number, dir = GOLDEN_DIR): string {
  return path.join(dir, `page-${page}.png`);
}

/** Decodes a PNG into RGBA, the form pixelmatch compares. */
export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

async function main(): Promise<void> {
  for (const sheet of GOLDEN_SHEETS) {
    const pages = rasterize(await renderGoldenPdf(sheet.input));
    mkdirSync(sheet.dir, { recursive: true });
    for (const old of readdirSync(sheet.dir))
      if (/^page-\d+\.png$/.test(old)) rmSync(path.join(sheet.dir, old));
    pages.forEach((png, i) => {
      const file = goldenFile(i + 1, sheet.dir);
      writeFileSync(file, png);
      process.stdout.write(`${path.relative(process.cwd(), file)} (${png.length} bytes)\n`);
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `golden:update: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    process.exit(1);
  });
}
