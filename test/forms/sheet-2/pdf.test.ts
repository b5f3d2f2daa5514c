/**
 * The PDF of 施策進行管理・評価表(2): the real example reads as the form, 19 long projects print completely, a
 * project block that fits a page is never split over two, one that might not fit still prints every word, and
 * the bytes are the same every time, also after other sheets in the same environment.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedPdf } from "../../../src/render-pdf/index.js";
import { CONTENT_HEIGHT, cellHeight } from "../../../templates/sheet-2/pdf.js";
import { LIMITS } from "../../../templates/sheet-2/schema.js";
import { compact, openPdf, pdfTextCompact } from "../../render-pdf/support.js";
import {
  HARD_FIXTURE,
  load,
  markedProject,
  REAL_FIXTURE,
  render,
  SAMPLE_FIXTURE,
  sheetOf,
} from "./support.js";

/** Each page's text, white space removed. */
function pageTexts(bytes: Uint8Array): string[] {
  const doc = openPdf(bytes);
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++)
    pages.push(compact(doc.loadPage(i).toStructuredText("preserve-whitespace").asText()));
  return pages;
}

/** The pages a text is found on. */
function pagesOf(pages: readonly string[], text: string): number[] {
  return pages.flatMap((p, i) => (p.includes(text) ? [i + 1] : []));
}

describe("sheet-2 PDF, the real example", () => {
  let pdf: RenderedPdf;
  let text = "";
  beforeAll(async () => {
    pdf = await render(load(REAL_FIXTURE));
    text = pdfTextCompact(pdf.bytes);
  });

  it("is one A4 portrait page with the form's heading, counts and the project block, in order", () => {
    expect(pdf.pages).toBe(1);
    const page = openPdf(pdf.bytes).loadPage(0).getBounds();
    expect([Math.round(page[2] - page[0]), Math.round(page[3] - page[1])]).toEqual([595, 842]);
    const order = [
      "施策進行管理・評価表(2)",
      "評価年度2007年度",
      "施策課題62401000",
      "達成度事業数うち重点1目標を大きく上回って達成00",
      "3目標をほぼ達成10",
      "合計10",
      "3ヶ年の総括",
      "II当初の目標どおり達成10",
      "<配下の事務事業所一覧>",
      "事務事業名区民祭開催事業所管課総合企画局自治政策部区行政改革推進担当",
      "事務事業の概要区民と区役所の協働により地域の特性を活かした区民祭を各区において開催する。",
      "年度現状(計画策定時)2005年度2006年度2007年度2008年度以降",
      "事業目標区民祭開催事業の推進継続実施継続実施継続実施継続実施",
      "実績市内6区で開催市内6区で開催市内6区で開催",
      "施策進行管理・評価表(2)62401000",
    ];
    let from = 0;
    for (const part of order) {
      const at = text.indexOf(part, from);
      expect(at, part).toBeGreaterThanOrEqual(0);
      from = at + part.length;
    }
  });

  it("carries the metadata", () => {
    const doc = openPdf(pdf.bytes);
    expect(doc.getMetaData("info:Title")).toBe("施策進行管理・評価表(2) 62401000");
    expect(doc.getMetaData("info:Subject")).toBe("施策進行管理・評価表(2) 2007年度(平成19年度)");
    expect(doc.getMetaData("info:Keywords")).toBe("62401000");
    expect(pdf.diagnostics).toEqual([]);
  });
});

describe("sheet-2 PDF, 19 projects", () => {
  it("prints every project of the hard sample (long texts, rare kanji), and every one of its cells", async () => {
    const data = load(HARD_FIXTURE);
    const pdf = await render(data);
    const text = pdfTextCompact(pdf.bytes);
    expect(data.projects).toHaveLength(19);
    for (const p of data.projects) {
      expect(text, p.name).toContain(compact(p.name));
      expect(text).toContain(compact(p.outline));
      for (const cell of p.results?.years ?? []) expect(text).toContain(compact(cell.text));
    }
    expect(text).toContain("𠮷");
    // Past the page budget: built, and said.
    expect(pdf.diagnostics.map((d) => d.code)).toEqual(["pdf-page-budget"]);
  });

  it("keeps every block of the realistic sample on one page, within the page budget", async () => {
    const data = load(SAMPLE_FIXTURE);
    const pages = pageTexts((await render(data)).bytes);
    expect(pages.length).toBeLessThanOrEqual(8);
    for (const p of data.projects) {
      const name = pagesOf(pages, compact(`事務事業名${p.name}所管課`));
      expect(name, p.name).toHaveLength(1);
    }
  });

  it("never splits a block that fits on a page: each project's name and its last row share a page", async () => {
    const projects = Array.from({ length: 19 }, (_, i) =>
      markedProject(
        i + 1,
        `概要${i + 1}。${"地域の特性を活かした区民祭を各区で開催する。".repeat(1 + (i % 6) * 3)}`,
      ),
    );
    const pages = pageTexts((await render(sheetOf(projects))).bytes);
    expect(pages.length).toBeGreaterThan(2);
    let breaks = 0;
    for (let i = 1; i <= 19; i++) {
      const first = pagesOf(pages, `事務事業名事業${i}号所管課`);
      const last = pagesOf(pages, `実績${i}終`);
      expect(first, `project ${i}`).toHaveLength(1);
      expect(last, `project ${i}`).toEqual(first);
      if (i > 1 && (first[0] ?? 0) > (pagesOf(pages, `実績${i - 1}終`)[0] ?? 0)) breaks++;
    }
    // The blocks did go over pages: the test saw page breaks between them.
    expect(breaks).toBeGreaterThan(0);
    // The section heading stays with the first block.
    expect(pagesOf(pages, "<配下の事務事業所一覧>")).toEqual(pagesOf(pages, "事務事業名事業1号所管課"));
  });

  it("lets a block that might be taller than a page break between rows, and prints all of it", async () => {
    // The largest block the schema allows: a long outline, six plan years, every cell at its limit.
    const cell = (i: number, tag: string) =>
      `${tag}${i}${"継続して実施し、成果を検証する。".repeat(6)}`.slice(0, LIMITS.cell);
    const plan = { startYear: 2005, endYear: 2010 };
    const years = (tag: string) =>
      [2005, 2006, 2007, 2008, 2009, 2010].map((year, i) => ({ year, text: cell(i, tag) }));
    const big = {
      ...markedProject(
        1,
        "概要。"
          .concat("区民と区役所の協働により地域の特性を活かした区民祭を開催する。".repeat(30))
          .slice(0, LIMITS.outline),
      ),
      targets: { baseline: cell(0, "現状"), years: years("目標"), after: cell(9, "以降") },
      revisedTargets: { baseline: cell(0, "変更現状"), years: years("変更"), after: cell(9, "変更以降") },
      results: { baseline: cell(0, "実績現状"), years: years("実績") },
    };
    const data = sheetOf([markedProject(2), big, markedProject(3)], plan);
    const pdf = await render(data);
    const text = pdfTextCompact(pdf.bytes);
    // Taller than a page: it did go over a page break.
    const pages = pageTexts(pdf.bytes);
    expect(pagesOf(pages, "事務事業名事業1号所管課")).not.toEqual(pagesOf(pages, compact(cell(5, "実績"))));
    for (const row of [big.targets, big.revisedTargets, big.results])
      for (const c of row.years) expect(text).toContain(compact(c.text));
    expect(text).toContain(compact(big.outline));
    expect(text).toContain("実績3終");
  });

  it("bounds a cell's height from above", () => {
    // 40 full-width characters in a room of 10: 4 lines, plus one for 禁則, at 8 pt × 1.25.
    expect(cellHeight({ text: "あ".repeat(40) }, 80)).toBeGreaterThanOrEqual(5 * 10);
    expect(cellHeight({ text: "あ".repeat(2000) }, 80)).toBeGreaterThan(CONTENT_HEIGHT);
  });
});

describe("sheet-2 PDF bytes", () => {
  it("are the same every time, also after other sheets in the same environment", async () => {
    const sample = load(SAMPLE_FIXTURE);
    const first = (await render(sample)).bytes;
    await render(load(HARD_FIXTURE));
    await render(load(REAL_FIXTURE));
    const again = (await render(sample)).bytes;
    expect(Buffer.compare(first, again)).toBe(0);
  });
});
