/** The seed sheet is transcribed completely: every content line of the published text is in the data. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fiscalYearWithEra } from "../../src/model/era.js";
import { FIXTURES, seedData } from "../helpers.js";

const LABELS = [
  "施策進行管理・評価票(1)",
  "評価年度",
  "施策課題",
  "作成課",
  "基本政策",
  "政策の",
  "基本方向",
  "基本施策",
  "関係課",
  "重点",
  "当該施策によって",
  "解決すべき課題に対する当該年度の成果",
  "解決すべき課題",
  "施策の概要",
  "施策の目標",
  "残された課題,新たな課題,社会環境の変化等",
  "評価結果及びその評価区分とした理由",
  "A 施策が順調に推進したもの(新たな課題等 Ⅰ 無 Ⅱ 有) B 施策が一定程度推進したもの C 施策が推進していないもの",
  "2014年度以降の方向性",
  "参考指標名①",
  "参考指標名②",
  "参考指標名③",
  "指標の説明①",
  "指標の説明②",
  "指標の説明③",
  "指標の方向性①",
  "指標の方向性②",
  "指標の方向性③",
  "計画値",
  "実績値",
  "単位",
  "(単位:千円)",
  "事業費合計",
  "事務事業名",
  "第3期実行計画",
  "期間の達成状況",
  ">>前のページへ戻る",
  "年度",
].sort((a, b) => b.length - a.length);

function values(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(values);
  if (v && typeof v === "object") return Object.values(v).flatMap(values);
  if (typeof v === "number") return [String(v), v.toLocaleString("en-US")];
  return [String(v)];
}

describe("seed transcription", () => {
  const data = seedData();
  const corpus = values(data);
  const budgetYears = ((data.budget as { years: { year: number }[] }).years ?? []).map((y) => y.year);
  const seed = readFileSync(path.join(FIXTURES, "seed-72302000.txt"), "utf8");

  it("finds every content fragment of the seed text in the data's values", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const raw of seed.split("\n")) {
      if (raw.trim().startsWith("<")) continue; // section headings are layout (the plan heading is derived)
      let line = raw;
      // Budget header years with their era tag are derived from the budget years.
      line = line.replace(/(\d{4})\((H|R)\d+\)年度/g, (tag, year: string) => {
        expect(budgetYears).toContain(Number(year));
        expect(fiscalYearWithEra(Number(year))).toBe(tag);
        return " ";
      });
      for (const label of LABELS) line = line.split(label).join(" ");
      for (const fragment of line.split(/[\s\u00a0]+/)) {
        const text = fragment.replace(/^●/, "");
        if (text === "") continue;
        checked++;
        if (!corpus.some((value) => value.includes(text))) missing.push(text);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });

  it("stores bullets without the ● and empty cells as absent fields", () => {
    const text = JSON.stringify(data);
    expect(text).not.toContain("●");
    expect(text).not.toContain("\u00a0");
    expect(text).not.toMatch(/:\s*""/);
  });
});
