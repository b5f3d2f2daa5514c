/** (d) No silent tofu: the glyph check before rendering, and fallback fonts for characters the main font lacks. */
import { describe, expect, it } from "vitest";
import { type ParsedJson, parseJson } from "../../src/load/parse-json.js";
import { checkGlyphs } from "../../src/render-pdf/index.js";
import { environment, form, pdfLines, pdfTextCompact, render, seed } from "./support.js";

function parsed(data: unknown): ParsedJson {
  const result = parseJson(JSON.stringify(data, null, 2));
  if (!("value" in result)) throw new Error("fixture is not JSON");
  return result;
}

async function check(data: unknown, lang: "ja" | "en" = "ja") {
  const p = parsed(data);
  return checkGlyphs(await environment(), form, p.value, {
    file: "data/2013/72302000.json",
    lang,
    locate: (path) => p.locate(path),
  });
}

describe("glyph check", () => {
  it("passes the seed sheet", async () => {
    expect(await check(seed())).toEqual([]);
  });

  it("fails a character no font has, with file, field, character, code point and place", async () => {
    const data = seed();
    data.measure.name = "窓口😀サービス";
    const [d, ...rest] = await check(data);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: "error",
      code: "glyph-missing",
      file: "data/2013/72302000.json",
      pointer: "/measure/name",
      field: "施策課題 › 名称",
      line: 7,
    });
    expect(d?.message).toContain("😀");
    expect(d?.message).toContain("U+1F600");
    const [en] = await check(data, "en");
    expect(en?.message).toMatch(/"😀" \(U\+1F600\) is in none of the fonts/);
  });

  it("names nested fields as the form labels them", async () => {
    const data = seed();
    const items = data.overview.outline.items ?? [];
    items[2] = `${items[2]}😀`;
    const [d] = await check(data);
    expect(d?.field).toMatch(/^施策の概要及び施策の目標 › 施策の概要 › .*3/);
    expect(d?.pointer).toBe("/overview/outline/items/2");
  });

  it("reports zero-width characters and variation selectors instead of drawing boxes", async () => {
    const data = seed();
    data.division = "区\u200b調整課";
    data.basicPolicy = "葛\u{E0100}飾";
    const found = await check(data);
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ["glyph-invisible", "/division"],
      ["glyph-invisible", "/basicPolicy"],
    ]);
    expect(found[0]?.message).toContain("U+200B");
    expect(found[1]?.message).toContain("U+E0100");
  });

  it("draws 𠮷 (not in BIZ UDPGothic) in Noto Sans JP, and it stays in the text", async () => {
    const env = await environment();
    expect(env.fonts.main.normal.font.hasGlyphForCodePoint(0x20bb7)).toBe(false);
    const data = seed();
    data.division = "市民・こども局𠮷野課";
    expect(await check(data)).toEqual([]);
    const { bytes } = await render(data);
    expect(pdfTextCompact(bytes)).toContain("市民・こども局𠮷野課");
    // The fallback is embedded (as a subset) only because of that character.
    expect(bytes.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/);
    expect((await render(seed())).bytes.toString("latin1")).not.toContain("NotoSansJP");
  });

  it("keeps line spacing even on a line holding a fallback character", async () => {
    const items = ["あ".repeat(300), `${"あ".repeat(100)}𠮷${"あ".repeat(199)}`];
    const spacing = async (text: string) => {
      const data = seed();
      data.overview.problems = { items: [text] };
      const lines = pdfLines((await render(data)).bytes).filter(
        (l) => /^●?あ+/.test(l.text) || l.text.includes("𠮷"),
      );
      return lines.slice(1, 5).map((l, i) => Math.round((l.y - (lines[i]?.y ?? 0)) * 100) / 100);
    };
    const plain = await spacing(items[0] as string);
    const mixed = await spacing(items[1] as string);
    expect(plain.length).toBeGreaterThan(2);
    expect(mixed).toEqual(plain);
  });
});
