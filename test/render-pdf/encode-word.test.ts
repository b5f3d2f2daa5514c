/** A word's glyphs encoded by hyoka (line-renderer.ts `encodeWord`) as pdfkit's `EmbeddedFont.encode` does. */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { pdfkitDocumentClass } from "../../src/render-pdf/engine/internals.js";
import { encodeWord } from "../../src/render-pdf/engine/line-renderer.js";
import { loadFonts } from "../../src/render-pdf/fonts.js";

const requireHere = createRequire(import.meta.url);
const PDFDocument = pdfkitDocumentClass() as new (
  options?: object,
) => {
  font(src: string): void;
  _font: Parameters<typeof encodeWord>[0] & { subset: { glyphs: number[] }; layoutCache: object };
};
const robotoFile = requireHere.resolve("pdfmake/fonts/Roboto/Roboto-Regular.ttf");
const mainFile = loadFonts().main.normal.file;

const WORDS = [
  "評価",
  "施策の推進。",
  "ー",
  "「",
  "令和6年度",
  "Office",
  "ﬁnal",
  "fi",
  "a b",
  "tab\tx",
  " ",
  "",
  "𠮷",
  "😀",
  "é",
  "評価",
];

function fontOf(file: string) {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(file);
  return doc._font;
}

describe("encodeWord", () => {
  for (const [name, file] of [
    ["the main font", mainFile],
    ["Roboto (ligatures, kerning)", robotoFile],
  ] as const) {
    it(`gives pdfkit's glyphs, positions, subset, widths and characters in ${name}`, () => {
      const ours = fontOf(file);
      const theirs = fontOf(file);
      for (const word of WORDS) {
        expect(encodeWord(ours, word), JSON.stringify(word)).toEqual(theirs.encode(word));
      }
      expect(ours.subset.glyphs).toEqual(theirs.subset.glyphs);
      expect(ours.widths).toEqual(theirs.widths);
      expect(ours.unicode).toEqual(theirs.unicode);
      // The same runs laid out: a text is split at spaces and tabs as pdfkit splits it.
      expect(Object.keys(ours.layoutCache)).toEqual(Object.keys(theirs.layoutCache));
    });
  }
});
