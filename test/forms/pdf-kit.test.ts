/** The layout functions every form's PDF layout shares (src/forms/pdf-kit.ts). */
import { describe, expect, it } from "vitest";
import { cellHeightBound, cellText, keepWithHeading } from "../../src/forms/pdf-kit.js";
import { KEEP_WITH_HEADING_LEVEL } from "../../src/forms/pdf-layout.js";

const metrics = { fontSize: 10, lineHeight: 1.5, extra: 4 };

describe("pdf-kit", () => {
  it("bounds a cell's height: a line per full-width run of the room, one more per paragraph, plus its extra", () => {
    // 100 pt of room at 10 pt: 10 characters a line; 25 characters → 3 lines, + 1 for 禁則 → 4 lines of 15 pt.
    expect(cellHeightBound({ text: "あ".repeat(25) }, 100, metrics)).toBe(4 * 15 + 4);
    // Two paragraphs of 5: 1 + 1 lines each.
    expect(cellHeightBound({ text: "あああああ\nいいいいい" }, 100, metrics)).toBe(4 * 15 + 4);
    // The cell's own size wins; an empty cell still has one line.
    expect(cellHeightBound({ text: "あ".repeat(10), fontSize: 20 }, 100, metrics)).toBe(3 * 30 + 4);
    expect(cellHeightBound({ text: "" }, 100, metrics)).toBe(15 + 4);
    // Surrogate pairs count as one character; a room narrower than a character still holds one a line.
    expect(cellHeightBound({ text: "𠮷𠮷" }, 5, metrics)).toBe(3 * 15 + 4);
  });

  it("is never below what pdfmake could need: more room never raises the bound", () => {
    const cell = { text: "区役所と支所・出張所等の窓口サービスの機能再編について。".repeat(4) };
    let last = Number.POSITIVE_INFINITY;
    for (let width = 20; width <= 400; width += 20) {
      const bound = cellHeightBound(cell, width, metrics);
      expect(bound).toBeLessThanOrEqual(last);
      last = bound;
    }
  });

  it("reads a cell's text from a string or its runs", () => {
    expect(cellText({ text: ["72302000", { text: " 名称" }] })).toBe("72302000 名称");
    expect(cellText({ text: "x" })).toBe("x");
    expect(cellText({ stack: [] } as never)).toBe("");
  });

  it("keeps a cell with its heading, an empty one holding a space", () => {
    expect(keepWithHeading({ text: "" })).toEqual({ text: " ", headlineLevel: KEEP_WITH_HEADING_LEVEL });
    expect(keepWithHeading({ text: "a", bold: true })).toEqual({
      text: "a",
      bold: true,
      headlineLevel: KEEP_WITH_HEADING_LEVEL,
    });
  });
});
