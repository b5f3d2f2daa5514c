/**
 * Each word in its own font, shaped by that font: the shaped words shared across documents (engine/layout-cache.ts,
 * one cache per parsed font, not per family) and the style resolved once per text for its plain words
 * (engine/text-measure.ts: a word with a style of its own, here `bold`, is resolved on its own). Proportional
 * kana and Latin letters differ in width between the regular and the bold face, so a word shaped by the other
 * face, or drawn in it, is found here: every character is drawn in the face its text asks for, and advances
 * the pen by that face's own advance for it (fontkit on the font file).
 */
import { describe, expect, it } from "vitest";
import type { FontkitFont } from "../../src/render-pdf/engine/internals.js";
import { environment, openPdf, renderContent } from "./support.js";

const SAMPLE = "あいうえおアイウエオabcdefgxyz";
const SIZE = 10;

interface Char {
  char: string;
  x: number;
  y: number;
  bold: boolean;
}

function chars(bytes: Uint8Array): Char[] {
  const doc = openPdf(bytes);
  const out: Char[] = [];
  for (let page = 0; page < doc.countPages(); page++) {
    doc
      .loadPage(page)
      .toStructuredText("preserve-whitespace")
      .walk({
        onChar(char, origin, font) {
          out.push({ char, x: origin[0], y: origin[1], bold: /bold/i.test(font.getName()) });
        },
      });
  }
  return out;
}

function advance(font: FontkitFont, char: string): number {
  const run = (font as unknown as { layout(t: string): { positions: { xAdvance: number }[] } }).layout(char);
  const units = (font as unknown as { unitsPerEm: number }).unitsPerEm;
  return ((run.positions[0]?.xAdvance ?? 0) * SIZE) / units;
}

describe("words in their own font", () => {
  it("draws each word in the face its style names, at that face's advances, document after document", async () => {
    const env = await environment("fast");
    const faces = { normal: env.fonts.main.normal.font, bold: env.fonts.main.bold.font };
    // Bold and regular runs of the same words: in one text (the bold run a word style of its own), and apart.
    const content = [
      { text: [{ text: SAMPLE, bold: true }, "\n", SAMPLE], fontSize: SIZE },
      { text: SAMPLE, fontSize: SIZE },
      { text: SAMPLE, fontSize: SIZE, bold: true },
    ];
    const expectedBold = [true, false, false, true];
    // The second document gets the words the first shaped.
    for (const round of [1, 2]) {
      const drawn = chars(await renderContent(content, "fast"));
      const lines = [...new Set(drawn.map((c) => c.y))].map((y) => drawn.filter((c) => c.y === y));
      expect(lines.map((l) => l.map((c) => c.char).join(""))).toEqual(Array(4).fill(SAMPLE));
      lines.forEach((line, i) => {
        const bold = expectedBold[i] as boolean;
        const face = bold ? faces.bold : faces.normal;
        expect(
          line.every((c) => c.bold === bold),
          `round ${round}, line ${i + 1}: face`,
        ).toBe(true);
        for (let k = 1; k < line.length; k++) {
          const step = (line[k] as Char).x - (line[k - 1] as Char).x;
          const char = (line[k - 1] as Char).char;
          // mupdf rounds a font's widths to whole units: a few thousandths of a point.
          expect(
            Math.abs(step - advance(face, char)),
            `round ${round}, line ${i + 1}, after ${char}`,
          ).toBeLessThan(0.02);
        }
      });
    }
  });
});
