/**
 * Packed texts (packed-text.ts) must lay out exactly as pdfmake's own word-by-word path: the same characters
 * on the same lines at the same places, for texts that exercise every rule it reproduces. (Not the same bytes:
 * a packed line is drawn as one `TJ` array where pdfmake writes a `Tm` and a `TJ` per character.)
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Content } from "../../src/render-pdf/engine/internals.js";
import { packedTextSwitch } from "../../src/render-pdf/engine/packed-text.js";
import { openPdf, renderContent } from "./support.js";

interface Glyph {
  page: number;
  char: string;
  x: number;
  y: number;
}

/** Every character drawn, where mupdf finds its origin. */
function glyphs(bytes: Uint8Array): Glyph[] {
  const doc = openPdf(bytes);
  const out: Glyph[] = [];
  for (let page = 0; page < doc.countPages(); page++) {
    doc
      .loadPage(page)
      .toStructuredText("preserve-whitespace")
      .walk({
        onChar(char: string, origin: [number, number]) {
          out.push({ page, char, x: origin[0], y: origin[1] });
        },
      });
  }
  return out;
}

const JAPANESE =
  "本市では、地域の防災力を高めるため、自主防災組織の結成を支援し、避難所の運営訓練を各地区で実施した。" +
  "「災害時要援護者」の名簿を更新し、民生委員・児童委員と連携して、個別避難計画（約１，２３４件）を作成した。";

/** Texts with breaks between ideographs, spaces, forced line ends, cuts of over-long words and alignments. */
function contents(): Content[] {
  return [
    { text: JAPANESE.repeat(6) },
    { text: `  Leading spaces and trailing ones   ${JAPANESE}  ` },
    { text: "一行目\n二行目\n\n四行目（空行の後）\n" },
    // A paragraph indented with a full-width space, and one after a line break: a word of one space each.
    { text: `\u3000${JAPANESE}\n\u3000二段落目。\n ${JAPANESE}`, alignment: "right" },
    // Words of one space each (full-width between ideographs, ASCII between letters), many at line ends: in a
    // narrow column, so that mupdf's rounded widths (see below) do not add up along a long line.
    {
      table: {
        widths: [120],
        body: [
          [
            {
              text: `\u3000全角\u3000空白\u3000を\u3000含む\u3000文。a b c d ${"\u3000あ".repeat(30)} ${"x ".repeat(30)}`,
            },
          ],
        ],
      },
    },
    { text: `英数字が混ざる文 abc-def ghi_jkl 2024年度の実績は 12,345 件です。${JAPANESE}`, fontSize: 8 },
    {
      table: {
        widths: [40, "*", 60],
        body: [
          [
            { text: "https://example.jp/a/very/long/path/that/cannot/fit/in/a/narrow/column/at/all" },
            { text: JAPANESE, alignment: "center" },
            { text: "１２３，４５６千円", alignment: "right" },
          ],
          [{ text: "" }, { text: JAPANESE.repeat(2), alignment: "right", bold: true }, { text: "x" }],
        ],
      },
    },
    {
      columns: [
        { width: "auto", text: "自動幅の列" },
        { width: "*", text: JAPANESE },
      ],
    },
    // Breaks at spaces: the fit test subtracts a word's trailing spaces.
    {
      columns: [
        { width: 93, text: "The quick brown fox jumps over the lazy dog; ".repeat(12) },
        { text: "" },
      ],
    },
  ];
}

async function render(packed: boolean): Promise<{ bytes: Buffer; count: number }> {
  packedTextSwitch.enabled = packed;
  const before = packedTextSwitch.packed;
  // The patch under test is a fast-engine one: this file runs in fast mode whatever HYOKA_PDF_ENGINE says.
  const bytes = await renderContent(contents(), "fast");
  return { bytes, count: packedTextSwitch.packed - before };
}

describe("packed texts", () => {
  afterEach(() => {
    packedTextSwitch.enabled = true;
  });

  it("put every character where pdfmake's own layout puts it", async () => {
    const own = await render(false);
    const packed = await render(true);
    expect(own.count).toBe(0);
    expect(packed.count).toBeGreaterThanOrEqual(10);
    const expected = glyphs(own.bytes);
    const actual = glyphs(packed.bytes);
    expect(actual.map((g) => g.char).join("")).toBe(expected.map((g) => g.char).join(""));
    expect(expected.length).toBeGreaterThan(1000);
    expected.forEach((e, i) => {
      const a = actual[i] as Glyph;
      expect({ page: a.page, y: a.y }).toEqual({ page: e.page, y: e.y });
      // mupdf rounds a font's glyph widths (/W) to whole units when it advances along a TJ array; pdfmake
      // places each character on its own, so the two can differ by a few thousandths of an em in a line.
      expect(Math.abs(a.x - e.x)).toBeLessThan(0.05);
    });
  });
});
