/**
 * Headings moved to the next page, several times in one document: the early decision (engine/heading-breaks.ts)
 * against pdfmake's own restart loop, and the measurements kept from one layout to the next
 * (engine/measure-reuse.ts) over more than two layouts. The sheets of the contract move at most one heading, so
 * they lay a document out twice at most and draw no canvas before a moved heading.
 *
 * Each section here is a block as tall as most of a page (a row that cannot break), a heading, and the table the
 * heading must stay with, whose first row does not fit below it: every heading moves, so the document is laid
 * out four times. A canvas line comes first: pdfmake moves a canvas's points in place as it lays them out, and
 * puts them back before each new layout.
 */
import { describe, expect, it } from "vitest";
import { HEADING_LEVEL, KEEP_WITH_HEADING_LEVEL } from "../../src/forms/pdf-layout.js";
import type { Content, TDocumentDefinitions } from "../../src/render-pdf/engine/internals.js";
import { keepHeadingsWithContent } from "../../src/render-pdf/index.js";
import { compact, DATE, environment, openPdf, pdfTextCompact } from "./support.js";

const SECTIONS = 3;

function content(): Content[] {
  const out: Content[] = [{ canvas: [{ type: "line", x1: 0, y1: 4, x2: 300, y2: 4, lineWidth: 2 }] }];
  for (let s = 1; s <= SECTIONS; s++) {
    out.push(
      {
        table: { widths: ["*"], heights: [735], dontBreakRows: true, body: [[{ text: `本文${s}始。` }]] },
      },
      { text: `見出し${s}`, headlineLevel: HEADING_LEVEL },
      {
        table: {
          widths: ["*"],
          body: [
            [{ text: `表${s}の一行目は見出しと同じページに置く。`, headlineLevel: KEEP_WITH_HEADING_LEVEL }],
            [{ text: `表${s}の二行目。` }],
          ],
        },
      },
    );
  }
  return out;
}

async function renderWith(pageBreakBefore: typeof keepHeadingsWithContent): Promise<Buffer> {
  const env = await environment("fast");
  const doc: TDocumentDefinitions = {
    pageSize: "A4",
    content: content(),
    defaultStyle: { font: env.fonts.main.id, fontSize: 10, lineHeight: 1.25 },
    info: { creationDate: DATE, modDate: DATE },
    pageBreakBefore: pageBreakBefore as TDocumentDefinitions["pageBreakBefore"],
  };
  return env.pdfmake.createPdf(doc).getBuffer();
}

describe("headings moved to the next page, again and again", () => {
  it("lays out as pdfmake's own restarts do, and keeps every word through four layouts", async () => {
    // The rule itself turns the early decision on; the same rule in another function leaves it to pdfmake.
    const early = await renderWith(keepHeadingsWithContent);
    const own = await renderWith((node, nodes) => keepHeadingsWithContent(node, nodes));
    // Every heading moved: each page after the first starts with a heading and its table.
    const pages = openPdf(early).countPages();
    expect(pages).toBe(2 * SECTIONS);
    const text = pdfTextCompact(early);
    for (let s = 1; s <= SECTIONS; s++) {
      expect(text).toContain(compact(`本文${s}始。`));
      expect(text).toContain(compact(`見出し${s}表${s}の一行目は見出しと同じページに置く。表${s}の二行目。`));
    }
    // The same drawing, to the byte (fast mode in both, the same fonts: only the layout could differ).
    expect(Buffer.compare(early, own)).toBe(0);
  });
});
