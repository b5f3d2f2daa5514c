/**
 * Stacked combining marks: a character carrying more than two (Unicode category M) is drawn above and below
 * its line, over the row above and the section heading, so the validator refuses it with its place; so is a
 * mark at the very start of a text, with nothing to sit on. NFC-composable marks (が, ぱ, é) stay allowed.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics.js";
import { FormRegistry } from "../../src/forms/registry.js";
import type { Lang } from "../../src/i18n.js";
import { loadSheet } from "../../src/load/load-sheet.js";
import { validateSheet } from "../../src/validate/validate-sheet.js";
import { runCli, seedData, tempDir } from "../helpers.js";

let registry: FormRegistry;
beforeAll(async () => {
  registry = await FormRegistry.load();
});

type Json = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: tests poke into the seed freely.
const any = (v: unknown) => v as any;

/** The seed with one change, written to a file as the editors write it (2-space indent). */
function writeSheet(fn: (d: Json) => void): { file: string; text: string } {
  const data = seedData();
  fn(data);
  const dir = tempDir("hyoka-marks-");
  const file = path.join(dir, "sheet.json");
  const text = JSON.stringify(data, null, 2);
  writeFileSync(file, text);
  return { file, text };
}

/** Loads and validates a file as `hyoka validate` does. */
async function validateFile(file: string, lang: Lang = "ja"): Promise<Diagnostic[]> {
  const loaded = await loadSheet(file, lang);
  if (!loaded.ok) return loaded.diagnostics;
  return validateSheet(registry, loaded.sheet, lang, loaded.diagnostics).diagnostics;
}

/** Line and column (1-based) where `needle` starts in `text`. */
function placeOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

// "x" has no precomposed form with any of these, so NFC leaves all six on it.
const ZALGO = `x${"\u0301\u0302\u0303\u0304\u0305\u0306"}`;

describe("stacked combining marks", () => {
  it("refuses a character with six marks, naming the character index, the count and the place", async () => {
    const name = `区役所${ZALGO}の取組`;
    const { file, text } = writeSheet((d) => {
      any(d).measure.name = name;
    });
    const ds = await validateFile(file);
    expect(ds).toHaveLength(1);
    const [d] = ds;
    expect(d?.field).toBe("施策課題 › 名称");
    expect(d?.pointer).toBe("/measure/name");
    expect(d?.message).toBe(
      "4文字目の文字に結合文字(アクセントなどの記号)が6個重なっています(2個まで)。上下の行に重なって印字されます",
    );
    expect({ line: d?.line, column: d?.column }).toEqual(placeOf(text, JSON.stringify(name)));
    const [en] = await validateFile(file, "en");
    expect(en?.message).toBe(
      "character 4 carries 6 combining marks (at most 2): they would print over the lines above and below",
    );
  });

  it("refuses three marks, allows two, and allows what NFC composes (が, ぱ, é)", async () => {
    const three = writeSheet((d) => {
      any(d).overview.problems.items[1] = "ab\u0301\u0302\u0303c";
    });
    const [d, ...rest] = await validateFile(three.file);
    expect(rest).toEqual([]);
    expect(d?.message).toContain("2文字目の文字に結合文字(アクセントなどの記号)が3個");
    expect(d?.pointer).toBe("/overview/problems/items/1");
    const two = writeSheet((d) => {
      // Two marks on one base, and decomposed kana that NFC composes when the file is read.
      any(d).overview.problems.items[1] = "ab\u0301\u0302c か\u3099は\u309a e\u0301";
    });
    expect(await validateFile(two.file)).toEqual([]);
  });

  it("counts marks per character: two marks on each of many characters is fine", async () => {
    const { file } = writeSheet((d) => {
      any(d).division = "a\u0301\u0302b\u0301\u0302c\u0301\u0302";
    });
    expect(await validateFile(file)).toEqual([]);
  });

  it("refuses a text that starts with a combining mark", async () => {
    const { file, text } = writeSheet((d) => {
      any(d).division = "\u0301作成課";
    });
    const [d, ...rest] = await validateFile(file);
    expect(rest).toEqual([]);
    expect(d?.field).toBe("作成課");
    expect(d?.message).toBe("先頭(1文字目)が結合文字 U+0301 です。結合する文字がありません");
    expect({ line: d?.line, column: d?.column }).toEqual(placeOf(text, JSON.stringify("\u0301作成課")));
  });

  it("is reported by the CLI with file:line:column", () => {
    const name = `区役所${ZALGO}の取組`;
    const { file, text } = writeSheet((d) => {
      any(d).measure.name = name;
    });
    const r = runCli(["validate", "sheet.json"], { cwd: path.dirname(file) });
    expect(r.status).toBe(1);
    const { line, column } = placeOf(text, JSON.stringify(name));
    expect(r.stderr).toContain(
      `sheet.json:${line}:${column}: エラー [施策課題 › 名称] (/measure/name) 4文字目の文字に結合文字`,
    );
  });
});
