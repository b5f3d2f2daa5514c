/**
 * (e) Japanese line breaking: narrow cells of many widths, read back line by line with mupdf. No line starts
 * with a closing bracket (ASCII `)` `]` `}` `>` included), 、。, small kana, ー ～ 〜 ― — …; no line ends with an
 * opening bracket (ASCII `(` `[` `{` `<` included); numbers, era
 * tags, full-width digits and Latin words are never split.
 */
import { describe, expect, it } from "vitest";
import type { Content } from "../../src/render-pdf/engine/internals.js";
import { isBreakAllowed, LINE_END_FORBIDDEN, LINE_START_FORBIDDEN } from "../../src/render-pdf/kinsoku.js";
import { compact, pdfLines, renderContent } from "./support.js";

const SAMPLES = [
  "事業費は326,331千円で、前年より増えました。次年度は218,738千円の見込みです。",
  "計画期間は2011(H23)年度から2013(H25)年度までで、2019(R1)年度に見直しました。",
  "件数は１２３４件、ＡＢＣ区分、１，２３４人（速報値）でした。",
  "期間は4月～3月、担当は―総務課―です。「窓口」（区役所）の見直し—検討中です。",
  "ちょっとしたショップでジュースとヴァイオリンを買い、人々は「まって」と言った…本当？いすゞの車です！",
  "キャッシュレス決済のチェックを行い、ファイル（データ）をウェブページ【一覧】に載せました。",
  "「自動交付機による証明書交付実施方針」に基づき、『カード交付・普及等検討部会』【重要】〔参考〕を開きました。",
  "ｶﾞｲﾄﾞﾌﾞｯｸとﾊﾟﾝﾌﾚｯﾄを配布しました。",
  // ASCII brackets as the city's texts use them, and wave dashes in ranges (with and without spaces).
  "対象は[区役所]と{支所}と<出張所>(連絡所を含む)で、窓口は9時～17時、期間は4月 ～ 3月 〜 翌年度です。",
  "受付件数[速報]は<暫定値>です。時間帯は平日8時30分〜17時15分(土日～祝日は休み)です。",
];
/** A heading of the form: `(2011(H23)〜` cannot be broken, so it needs a wider cell. */
const HEADING = "<第3期実行計画(2011(H23)〜2013(H25)年度)における施策の概要及び施策の目標>";
const LATIN = "対象はInternationalization事業とLocalization事業とAccessibility事業です。";
const UNSPLIT = [
  "326,331",
  "218,738",
  "2011(H23)",
  "2013(H25)",
  "2019(R1)",
  "１２３４",
  "１，２３４",
  "ＡＢＣ",
  "ｶﾞｲﾄﾞﾌﾞｯｸ",
  "ﾊﾟﾝﾌﾚｯﾄ",
];
const UNSPLIT_LATIN = ["Internationalization", "Localization", "Accessibility"];

/** One table per (text, width), each cell a block of its own; returns the lines of each cell. */
async function layoutCells(cases: { text: string; width: number }[]): Promise<string[][]> {
  const marker = (i: number) => `#${i}#`;
  const content: Content[] = cases.map(({ text, width }, i) => ({
    stack: [
      { text: marker(i), fontSize: 6 },
      { table: { widths: [width], body: [[{ text }]] }, margin: [0, 0, 0, 6] },
    ],
  }));
  const lines = pdfLines(await renderContent(content));
  const cells: string[][] = cases.map(() => []);
  let current = -1;
  for (const l of lines) {
    const m = /^#(\d+)#$/.exec(l.text.trim());
    if (m) current = Number(m[1]);
    else if (current >= 0) cells[current]?.push(l.text.trim());
  }
  return cells;
}

function checkCell(text: string, lines: string[], tokens: string[]): string[] {
  const problems: string[] = [];
  if (compact(lines.join("")) !== compact(text)) problems.push(`text changed: ${lines.join("|")}`);
  lines.forEach((line, i) => {
    const first = line.codePointAt(0) ?? 0;
    const last = [...line].at(-1)?.codePointAt(0) ?? 0;
    if (i > 0 && LINE_START_FORBIDDEN.has(first))
      problems.push(`line starts with ${String.fromCodePoint(first)}: ${line}`);
    if (i < lines.length - 1 && LINE_END_FORBIDDEN.has(last))
      problems.push(`line ends with ${String.fromCodePoint(last)}: ${line}`);
  });
  for (const token of tokens) {
    const whole = lines.join("").split(token).length - 1;
    const inLines = lines.reduce((n, l) => n + l.split(token).length - 1, 0);
    if (whole !== inLines) problems.push(`${token} split: ${lines.join(" | ")}`);
  }
  return problems;
}

describe("禁則 in narrow cells", () => {
  it("keeps every rule at every width", async () => {
    const cases: { text: string; width: number; tokens: string[] }[] = [];
    // From the narrowest width at which every unbreakable piece (e.g. `2013(H25)` at 10 pt) fits the cell: a
    // piece wider than its cell is hard-wrapped by pdfmake, and the layout keeps its cells wider than that.
    for (let width = 74; width <= 220; width += 6) {
      for (const text of SAMPLES) cases.push({ text, width, tokens: UNSPLIT });
      if (width >= 130) cases.push({ text: LATIN, width, tokens: UNSPLIT_LATIN });
      if (width >= 80) cases.push({ text: HEADING, width, tokens: UNSPLIT });
    }
    const cells = await layoutCells(cases);
    const problems = cases.flatMap((c, i) =>
      checkCell(c.text, cells[i] ?? [], c.tokens).map((p) => `width ${c.width}: ${p}`),
    );
    expect(problems).toEqual([]);
    // The cells really were narrow: most samples took several lines.
    expect(cells.filter((c) => c.length >= 3).length).toBeGreaterThan(cases.length / 3);
  });
});

describe("isBreakAllowed", () => {
  const at = (text: string, before: string) => isBreakAllowed(text, text.indexOf(before));
  it("refuses breaks before closing and small characters and dashes", () => {
    for (const c of "、。）」』】ーァっ～〜―—…々？！%)]}>") expect(at(`あ${c}い`, c), c).toBe(false);
    // …also after a space: `4月 ～ 3月` never starts a line with ～.
    for (const c of "～〜)]}>") expect(at(`あ ${c} い`, c), c).toBe(false);
  });
  it("refuses breaks after opening brackets", () => {
    for (const c of "（「『【〔([{<") expect(isBreakAllowed(`あ${c}い`, 2), c).toBe(false);
  });
  it("keeps full-width numbers and letters, half-width katakana and Latin words whole", () => {
    expect(isBreakAllowed("１２３４", 2)).toBe(false);
    expect(isBreakAllowed("１，２３４", 2)).toBe(false);
    expect(isBreakAllowed("ＡＢＣ", 1)).toBe(false);
    expect(isBreakAllowed("ｶﾞｲﾄﾞ", 2)).toBe(false);
    expect(isBreakAllowed("word", 2)).toBe(false);
  });
  it("allows breaks between ordinary kana and kanji, and handles surrogate pairs", () => {
    expect(isBreakAllowed("あい", 1)).toBe(true);
    expect(isBreakAllowed("漢字", 1)).toBe(true);
    expect(isBreakAllowed("𠮷野", 2)).toBe(true);
    expect(isBreakAllowed("あ𠮷", 1)).toBe(true);
  });
});
