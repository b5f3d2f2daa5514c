/**
 * `hyoka.config.json` goes through the same checks as a sheet: its texts through the text rules (combining
 * marks among them) and the glyph check against the configured fonts, before any book is laid out; the dates
 * of issue must be days of the calendar and their keys evaluation years in range.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCalendarDate, loadConfig } from "../../src/config.js";
import { runCli, SEED_JSON, tempDir } from "../helpers.js";
import { environment } from "../render-pdf/support.js";

const BOOK = {
  title: "施策進行管理・評価票",
  subtitle: "第3期実行計画 施策評価結果",
  issuer: "川崎市",
  issued: { "2013": "2014-07-01" },
};

/** A working folder with the config (written with 2-space indent) and a copy of the seed sheet. */
function folder(book: Record<string, unknown>): string {
  const dir = tempDir("hyoka-config-");
  writeFileSync(path.join(dir, "hyoka.config.json"), JSON.stringify({ book }, null, 2));
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
  return dir;
}

/** Line and column (1-based) where `needle` starts in the folder's config. */
function placeIn(book: Record<string, unknown>, needle: string): string {
  const text = JSON.stringify({ book }, null, 2);
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

async function problems(book: Record<string, unknown>, lang: "ja" | "en" = "ja") {
  return loadConfig(folder(book), lang);
}

describe("dates of issue", () => {
  it("refuses 2014-02-30 (Date.parse rolls it over to 2 March), with its place", async () => {
    const book = { ...BOOK, issued: { "2013": "2014-02-30" } };
    const { config, diagnostics } = await problems(book);
    expect(config).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d?.file).toMatch(/hyoka\.config\.json$/);
    expect(`${d?.line}:${d?.column}`).toBe(placeIn(book, '"2014-02-30"'));
    expect(d?.pointer).toBe("/book/issued/2013");
    expect(d?.message).toBe(
      "2014-02-30 という日付はありません(1900〜2100年の実在する日付を YYYY-MM-DD で書きます)",
    );
    const en = await problems(book, "en");
    expect(en.diagnostics[0]?.message).toBe(
      "2014-02-30 is not a day of the calendar (write a real date of 1900–2100 as YYYY-MM-DD)",
    );
  });

  it("takes 29 February in a leap year only", async () => {
    expect((await problems({ ...BOOK, issued: { "2013": "2016-02-29" } })).diagnostics).toEqual([]);
    expect((await problems({ ...BOOK, issued: { "2013": "2000-02-29" } })).diagnostics).toEqual([]);
    for (const date of ["2015-02-29", "1900-02-29", "2014-13-01", "2014-00-10", "2014-04-31", "1899-12-31"]) {
      const { diagnostics } = await problems({ ...BOOK, issued: { "2013": date } });
      expect(
        diagnostics.map((d) => d.message),
        date,
      ).toEqual([expect.stringContaining(`${date} という日付はありません`)]);
    }
  });

  it("agrees with the calendar for every day of 1900–2100", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
          expect(isCalendarDate(text)).toBe(real);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("needs the keys to be 4-digit evaluation years in range", async () => {
    const { diagnostics } = await problems({ ...BOOK, issued: { "1800": "2014-07-01", "13": "2014-07-01" } });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'キー "13": 評価年度を4桁の数字で書きます(例: 2013)',
      'キー "1800": 評価年度 1800 は範囲外です(1989〜2200)',
    ]);
  });
});

describe("texts of the configuration", () => {
  it("go through the text rules: stacked combining marks are refused with their place", async () => {
    const issuer = "川崎市x\u0301\u0302\u0303\u0304";
    const book = { ...BOOK, issuer };
    const { config, diagnostics } = await problems(book);
    expect(config).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ field: "年次報告書 › 発行者", pointer: "/book/issuer" });
    expect(diagnostics[0]?.message).toContain("4文字目の文字に結合文字(アクセントなどの記号)が4個");
    expect(`${diagnostics[0]?.line}:${diagnostics[0]?.column}`).toBe(placeIn(book, JSON.stringify(issuer)));
  });

  it("names at most 20 unknown keys, each cut short, and counts the rest", async () => {
    const book: Record<string, unknown> = { ...BOOK };
    for (let i = 0; i < 30; i++) book[`x${i}`.padEnd(100, "y")] = 1;
    const { diagnostics } = await problems(book);
    expect(diagnostics).toHaveLength(1);
    const message = diagnostics[0]?.message ?? "";
    expect(message).toMatch(/ ほか 10 件$/);
    expect(message).toContain(`${"x19".padEnd(80, "y")}…(100 文字)`);
    expect(message).not.toContain("x20");
  });
});

describe("hyoka book with a bad configuration", () => {
  it("refuses a title character no font has, naming hyoka.config.json:line:col and the field; no book", async () => {
    // An Egyptian hieroglyph: in neither BIZ UDPGothic nor Noto Sans JP.
    const env = await environment();
    expect(env.fonts.families.some((f) => f.normal.font.hasGlyphForCodePoint(0x13000))).toBe(false);
    const title = "施策評価\u{13000}";
    const book = { ...BOOK, title };
    const dir = folder(book);
    const r = runCli(["book"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `hyoka.config.json:${placeIn(book, JSON.stringify(title))}: エラー [年次報告書 › 表紙の題名] (/book/title) 文字「\u{13000}」(U+13000) はどのフォントにもありません`,
    );
    expect(r.stderr).toContain("設定ファイルに誤りがあるため、冊子を作成しません");
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("refuses 2014-02-30 before laying out any book", () => {
    const book = { ...BOOK, issued: { "2013": "2014-02-30" } };
    const dir = folder(book);
    const r = runCli(["book", "--lang", "en"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `hyoka.config.json:${placeIn(book, '"2014-02-30"')}: error [Annual book › Date of issue per evaluation year › 2013] (/book/issued/2013) 2014-02-30 is not a day of the calendar`,
    );
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("builds the book with 2016-02-29 and a title only the fallback font has (𠮷)", () => {
    const dir = folder({ ...BOOK, title: "𠮷野の施策", issued: { "2013": "2016-02-29" } });
    const r = runCli(["book"], { cwd: dir });
    expect(r.stderr).not.toMatch(/エラー|警告/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/book.pdf"))).toBe(true);
  });
});
