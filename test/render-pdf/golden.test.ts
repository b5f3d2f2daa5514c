/**
 * (a) Every page of the golden sheet against its reference image (test/golden/sheet-1/, rewritten only by
 * `npm run golden:update`). The fonts come from npm, so the images should match exactly; the tolerance is
 * small enough that one changed digit fails. On failure the diff image goes to test/.tmp/.
 *
 * Drawn in the engine's plain mode (pdfmake as published) whatever HYOKA_PDF_ENGINE says, as the references
 * are: they pin the layout to pdfmake, and engine-contract.test.ts holds the fast engine to the plain one. (The
 * fast engine's pages, rasterised by mupdf, differ from these by some 250 pixels of anti-aliasing on page 1:
 * mupdf rounds the fonts' widths to whole units along a packed line's `TJ` array, moving characters by up to
 * a few hundredths of a point, which the contract's 0.1 pt allows.)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  decodePng,
  GOLDEN_SHEETS,
  goldenFile,
  rasterize,
  renderGoldenPdf,
} from "../../scripts/golden-update.js";
import { ROOT } from "../helpers.js";

const MAX_DIFF_PIXELS = 20;
const TMP = path.join(ROOT, "test/.tmp");

interface PageDiff {
  pixels: number;
  box?: { x0: number; y0: number; x1: number; y1: number };
  diff: PNG;
}

function comparePages(actual: PNG, expected: PNG): PageDiff {
  const { width, height } = expected;
  const diff = new PNG({ width, height });
  const pixels = pixelmatch(actual.data, expected.data, diff.data, width, height, {
    threshold: 0.1,
    diffColor: [255, 0, 0],
  });
  let box: PageDiff["box"];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (diff.data[i] === 255 && diff.data[i + 1] === 0 && diff.data[i + 2] === 0) {
        box = box
          ? {
              x0: Math.min(box.x0, x),
              y0: Math.min(box.y0, y),
              x1: Math.max(box.x1, x),
              y1: Math.max(box.y1, y),
            }
          : { x0: x, y0: y, x1: x, y1: y };
      }
    }
  }
  return box ? { pixels, box, diff } : { pixels, diff };
}

describe.each(GOLDEN_SHEETS.map((g) => [g.name, g] as const))("golden pages, %s", async (name, sheet) => {
  const pages = rasterize(await renderGoldenPdf(sheet.input));

  it("has a reference image for each page and no more", () => {
    expect(pages.length).toBeGreaterThan(0);
    for (let i = 1; i <= pages.length; i++)
      expect(existsSync(goldenFile(i, sheet.dir)), `missing ${goldenFile(i, sheet.dir)}`).toBe(true);
    expect(existsSync(goldenFile(pages.length + 1, sheet.dir))).toBe(false);
  });

  it.each(pages.map((png, i) => [i + 1, png] as const))("page %i matches its reference", (page, png) => {
    const actual = decodePng(png);
    const expected = decodePng(readFileSync(goldenFile(page, sheet.dir)));
    expect([actual.width, actual.height], `page ${page} size`).toEqual([expected.width, expected.height]);
    const result = comparePages(actual, expected);
    if (result.pixels > MAX_DIFF_PIXELS) {
      mkdirSync(TMP, { recursive: true });
      const diffFile = path.join(TMP, `${name}-page-${page}.diff.png`);
      writeFileSync(diffFile, PNG.sync.write(result.diff));
      writeFileSync(path.join(TMP, `${name}-page-${page}.actual.png`), png);
      const b = result.box;
      expect.fail(
        `page ${page}: ${result.pixels} pixels differ (more than ${MAX_DIFF_PIXELS}), ` +
          `in the box x ${b?.x0}–${b?.x1}, y ${b?.y0}–${b?.y1} (px at 100 dpi); diff image: ${diffFile}. ` +
          "If the change is intended, run `npm run golden:update` and commit the images.",
      );
    }
  });
});

describe("golden tolerance", () => {
  it("one changed digit is detected", async () => {
    // Guards the tolerance itself: draw the page with one amount changed and compare with the reference.
    const { seed } = await import("./support.js");
    const data = seed();
    const first = data.budget.years[0]?.amounts[0];
    if (!first) throw new Error("seed has no amount");
    first.amount = 326_332;
    const changed = rasterize(await renderGoldenPdf(data));
    const pageOf = (png: Buffer) => decodePng(png);
    let worst = 0;
    changed.forEach((png, i) => {
      const ref = decodePng(readFileSync(goldenFile(i + 1)));
      const act = pageOf(png);
      if (act.width === ref.width && act.height === ref.height)
        worst = Math.max(worst, comparePages(act, ref).pixels);
    });
    expect(worst).toBeGreaterThan(MAX_DIFF_PIXELS);
  });
});
