/**
 * (g) Long texts: a row longer than a page breaks across pages and loses nothing, a continued table repeats its
 * header, the seed fits the page budget, and a sheet over it is built with a warning naming the section.
 */
import { describe, expect, it } from "vitest";
import { compact, pdfTextCompact, render, seed } from "./support.js";

const FOOTER = /施策進行管理・評価票\(1\)72302000\d+\/\d+/g;

/** A paragraph of about `chars` characters with break opportunities, tagged so each one can be found. */
function paragraph(tag: string, chars: number): string {
  const sentence = "区役所の窓口サービスについて、市民の利便性を高めるための取組を進めます。";
  let text = `【${tag}】`;
  while (text.length + sentence.length < chars) text += sentence;
  return `${text}（${tag}終）`;
}

describe("page breaking and the page budget", () => {
  it("keeps no block whole; keeps rows whole only in the indicator, budget and project tables", async () => {
    const { buildSheetContent } = await import("../../src/render-pdf/index.js");
    const { environment, form } = await import("./support.js");
    const data = form.schema.parse(seed());
    const sheet = buildSheetContent(await environment(), form, form.derive(data));
    const found: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) walk(n, `${path}/${i}`);
      } else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          if (["unbreakable", "dontBreakRows"].includes(k) && v) found.push(k);
          walk(v, `${path}/${k}`);
        }
      }
    };
    walk(sheet.content, "");
    // The indicator names and years, the budget, the projects: nothing else.
    expect(found).toEqual(["dontBreakRows", "dontBreakRows", "dontBreakRows", "dontBreakRows"]);
  });

  it("keeps a row whole only when it is surely shorter than a page (pdfmake drops a taller one)", async () => {
    const { keepRowsWhole } = await import("../../templates/sheet-1/pdf.js");
    const row = (text: string) => [{ text }, { text: "" }];
    expect(keepRowsWhole([row("見出し"), row("短い行")], 1, [200, 200])).toBe(true);
    // 3,000 characters in a 200 pt column: about 75 lines of 10 pt, more than a page.
    expect(keepRowsWhole([row("見出し"), row("長".repeat(3000))], 1, [200, 200])).toBe(false);
    expect(keepRowsWhole([row("長".repeat(3000)), row("短い行")], 1, [200, 200])).toBe(false);
  });

  it("fits the seed sheet on at most 2 A4 pages, with no warning", async () => {
    const r = await render(seed());
    expect(r.pages).toBeLessThanOrEqual(2);
    expect(r.diagnostics).toEqual([]);
  });

  it("breaks a row longer than a page across pages and loses nothing", async () => {
    const data = seed();
    const items = Array.from({ length: 20 }, (_, i) => paragraph(`項目${i + 1}`, 950));
    data.overview.problems = { lead: paragraph("前文", 600), items };
    const r = await render(data);
    expect(r.pages).toBeGreaterThanOrEqual(4);
    // The page footers sit between the pieces of the row in reading order.
    const text = pdfTextCompact(r.bytes).replace(FOOTER, "");
    expect(text.includes(compact(data.overview.problems.lead ?? ""))).toBe(true);
    const lost = items.filter((item) => !text.includes(`●${compact(item)}`));
    expect(lost.map((item) => item.slice(0, 8))).toEqual([]);
    // …and everything after it is still there.
    expect(text).toContain(compact(data.overview.targets.items?.at(-1) ?? ""));
    expect(text).toContain("<用語説明>");

    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: "warning", code: "pdf-page-budget" });
    expect(r.diagnostics[0]?.field).toContain("第3期実行計画");
    expect(r.diagnostics[0]?.message).toContain("第3期実行計画");
    expect(r.diagnostics[0]?.message).toContain("3 ページ目にはみ出しています");
  });

  it("repeats the header of a table continued on the next page", async () => {
    const data = seed();
    data.projects = Array.from({ length: 60 }, (_, i) => ({
      name: `事務事業その${i + 1}の名称は少し長めにしてあります`,
      achievement: "目標を達成",
    }));
    data.glossary = Array.from({ length: 30 }, (_, i) => ({
      term: `用語${i + 1}`,
      explanation: paragraph(`説明${i + 1}`, 120),
    }));
    const r = await render(data);
    expect(r.pages).toBeGreaterThan(2);
    const text = pdfTextCompact(r.bytes).replace(FOOTER, "");
    for (const p of data.projects) expect(text).toContain(compact(p.name));
    for (const g of data.glossary) expect(text).toContain(compact(g.explanation));
    const projectPages = new Set<number>();
    const { pdfLines } = await import("./support.js");
    for (const l of pdfLines(r.bytes)) if (l.text.includes("事務事業その")) projectPages.add(l.page);
    const headerPages = new Set(
      pdfLines(r.bytes)
        .filter((l) => l.text.trim() === "事務事業名")
        .map((l) => l.page),
    );
    expect(projectPages.size).toBeGreaterThan(1);
    for (const page of projectPages) expect(headerPages.has(page), `header on page ${page}`).toBe(true);
    const warning = r.diagnostics[0];
    expect(warning?.code).toBe("pdf-page-budget");
    expect(warning?.field).toMatch(/<配下の事務事業一覧>|<用語説明>/);
  });

  it("prints an empty indicator slot with its year rows, and budgets of many years without splitting a number", async () => {
    const data = seed();
    data.indicators = [];
    data.budget.years = [2009, 2010, 2011, 2012, 2013].map((year) => ({
      year,
      amounts: [
        { kind: "計画事業費", amount: 999_999_999_999 },
        { kind: "予算", amount: 123_456_789 },
        { kind: "決算", amount: 1 },
      ],
    }));
    data.plan.startYear = 2011;
    const r = await render(data);
    const text = pdfTextCompact(r.bytes);
    expect(text.split("2010").length - 1).toBeGreaterThanOrEqual(3);
    for (const y of ["2009(H21)年度", "2010(H22)年度", "2013(H25)年度"]) expect(text).toContain(y);
    const { pdfLines } = await import("./support.js");
    const lines = pdfLines(r.bytes).map((l) => l.text.trim());
    expect(lines.filter((l) => l === "999,999,999,999")).toHaveLength(5);
    expect(lines.filter((l) => l === "123,456,789")).toHaveLength(5);
  });
});

describe("tables continued on the next page, as a printed form", () => {
  it("repeats the header rows of the indicator, budget and project tables and cuts no row", async () => {
    const { pdfLines } = await import("./support.js");
    const data = seed();
    const long = "区役所の窓口サービスについて、市民の利便性を高めるための取組を進めます。";
    // Push the indicator table to the foot of page 2 so that its years go on over page 3.
    data.results.achievements.items = Array.from({ length: 9 }, () => long.repeat(4));
    const years = (from: number) =>
      Array.from({ length: 12 }, (_, i) => ({ year: from + i, plan: i, actual: i }));
    data.indicators = [
      { name: "指標その1", unit: "件", years: years(1990) },
      { name: "指標その2", unit: "件", years: years(2002) },
      { name: "指標その3", unit: "件", years: years(2014) },
    ];
    data.projects = Array.from({ length: 60 }, (_, i) => ({
      name: `事務事業その${i + 1}、${long.repeat(3)}`.slice(0, 200),
      achievement: `達成状況その${i + 1}、${long.repeat(2)}`.slice(0, 100),
    }));
    const r = await render(data);
    const lines = pdfLines(r.bytes);
    const pagesWith = (re: RegExp) => new Set(lines.filter((l) => re.test(l.text.trim())).map((l) => l.page));
    const yearPages = pagesWith(/^(199\d|20[0-3]\d)$/);
    const yearHeaderPages = pagesWith(/^計画値$/);
    expect(yearPages.size).toBeGreaterThan(1);
    for (const page of yearPages) expect(yearHeaderPages.has(page), `年度 header on page ${page}`).toBe(true);
    const projectPages = pagesWith(/事務事業その/);
    const projectHeaderPages = pagesWith(/^事務事業名$/);
    expect(projectPages.size).toBeGreaterThan(1);
    for (const page of projectPages)
      expect(projectHeaderPages.has(page), `header on page ${page}`).toBe(true);
    // No project row cut in two: each one's name and achievement are on one page, whole.
    const byPage = new Map<number, string>();
    for (const l of lines) byPage.set(l.page, (byPage.get(l.page) ?? "") + compact(l.text));
    for (const p of data.projects) {
      const pages = [...byPage.entries()].filter(([, text]) => text.includes(compact(p.name)));
      expect(pages.length, p.name.slice(0, 12)).toBe(1);
      expect(pages[0]?.[1]).toContain(compact(p.achievement ?? ""));
    }
    // Every year row printed once per slot.
    for (const y of [1990, 2005, 2025])
      expect(lines.filter((l) => l.text.trim() === String(y))).toHaveLength(3);
  });
});
