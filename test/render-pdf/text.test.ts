/** (b) Every value of the seed sheet is in the PDF's text, formatted as the form prints it. */
import { beforeAll, describe, expect, it } from "vitest";
import { formatThousands } from "../../src/model/format.js";
import { compact, pdfTextCompact, render, seed } from "./support.js";

/** A number cell as printed: a number with thousands separators, a text as it is. */
const shown = (v: number | string) => (typeof v === "number" ? formatThousands(v) : v);

function stringsOf(value: unknown, key = ""): string[] {
  if (typeof value === "string") return key.startsWith("$") || key === "form" ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => stringsOf(v));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringsOf(v, k));
  return [];
}

describe("seed sheet text", () => {
  let text = "";
  const data = seed();
  beforeAll(async () => {
    text = pdfTextCompact((await render(data)).bytes);
  });

  it("holds every text of the data", () => {
    const missing = stringsOf(data).filter((s) => !text.includes(compact(s)));
    expect(missing).toEqual([]);
  });

  it("holds every amount with thousands separators", () => {
    const amounts = data.budget.years.flatMap((y) => y.amounts.map((a) => shown(a.amount)));
    expect(amounts).toContain("326,331");
    for (const a of amounts) expect(text).toContain(a);
  });

  it("holds the indicator values, years and unit", () => {
    for (const ind of data.indicators ?? []) {
      for (const row of ind.years) {
        expect(text).toContain(String(row.year));
        if (row.plan !== undefined) expect(text).toContain(shown(row.plan));
        if (row.actual !== undefined) expect(text).toContain(shown(row.actual));
      }
    }
    // Slots ② and ③ are empty but print their year rows: 2010–2013 three times.
    expect(text.split("2010").length - 1).toBeGreaterThanOrEqual(3);
  });

  it("prints era labels, the plan period, grades, legend and fixed labels", () => {
    for (const s of [
      "施策進行管理・評価票(1)",
      "評価年度2013年度",
      "<第3期実行計画(2011(H23)〜2013(H25)年度)における施策の概要及び施策の目標>",
      "2011(H23)年度",
      "2012(H24)年度",
      "2013(H25)年度",
      "(単位:千円)",
      "事業費合計",
      "2014年度以降の方向性",
      "AⅠ",
      "AⅡ",
      "A施策が順調に推進したもの(新たな課題等Ⅰ無Ⅱ有)B施策が一定程度推進したものC施策が推進していないもの",
      "参考指標名①",
      "参考指標名②",
      "参考指標名③",
      "第3期実行計画期間の達成状況",
      "<用語説明>",
    ])
      expect(text).toContain(compact(s));
  });

  it("draws a ● before each bullet item", () => {
    const items = [
      ...(data.overview.problems.items ?? []),
      ...(data.overview.outline.items ?? []),
      ...(data.results.achievements.items ?? []),
    ];
    for (const item of items) expect(text).toContain(`●${compact(item)}`);
  });
});
