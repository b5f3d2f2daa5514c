/** A short text in a number cell (`集計中`, `−`): accepted; a number written as a string still refused. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics.js";
import { looksLikeNumber, MAX_VALUE_TEXT } from "../../src/forms/kit.js";
import { FormRegistry } from "../../src/forms/registry.js";
import type { Lang } from "../../src/i18n.js";
import { isProblem, parseJson } from "../../src/load/parse-json.js";
import { validateSheet } from "../../src/validate/validate-sheet.js";
import { seedData } from "../helpers.js";

let registry: FormRegistry;
beforeAll(async () => {
  registry = await FormRegistry.load();
});

// biome-ignore lint/suspicious/noExplicitAny: tests poke into the seed freely.
type Json = any;

function check(data: Json, lang: Lang = "ja"): Diagnostic[] {
  const text = JSON.stringify(data, null, 2);
  const json = parseJson(text);
  if (isProblem(json)) throw new Error(json.message.en);
  return validateSheet(registry, { file: "t.json", bytes: Buffer.from(text), json }, lang, []).diagnostics;
}

function withValues(plan: unknown, actual: unknown, amount: unknown): Json {
  const d: Json = seedData();
  d.indicators[0].years[3].plan = plan;
  d.indicators[0].years[3].actual = actual;
  d.budget.years[2].amounts[2].amount = amount;
  return d;
}

describe("text in number cells", () => {
  it("accepts a short text for a plan, an actual value and an amount", () => {
    expect(check(withValues("−", "集計中", "調査中"))).toEqual([]);
    expect(check(withValues("-", "未定", "1,2,3年目未定"))).toEqual([]);
  });

  it("refuses a number written as a string, with today's hint, in every number cell", () => {
    for (const [value, hint] of [
      ["1,234", "1234"],
      ["１２３４", "1234"],
      [" 19.0 ", "19.0"],
      ["-5", "-5"],
    ] as const) {
      const ds = check(withValues(value, value, value));
      expect(ds.map((x) => x.pointer)).toEqual([
        "/indicators/0/years/3/plan",
        "/indicators/0/years/3/actual",
        "/budget/years/2/amounts/2/amount",
      ]);
      for (const d of ds) {
        expect(d.message).toBe("数値が必要です(文字列が書かれています)");
        expect(d.hint).toBe(`数値は引用符やカンマを付けずに ${hint} のように半角で書きます`);
      }
    }
  });

  it(`refuses a text over ${MAX_VALUE_TEXT} characters, an empty text and a wrong type`, () => {
    const ds = check(withValues("あ".repeat(MAX_VALUE_TEXT + 1), "", true));
    expect(ds.map((x) => [x.pointer, x.message])).toEqual([
      ["/indicators/0/years/3/plan", `${MAX_VALUE_TEXT}文字以内にしてください`],
      ["/indicators/0/years/3/actual", "記入してください(空欄にするなら、項目ごと省いてください)"],
      ["/budget/years/2/amounts/2/amount", "数値か文字列が必要です(true か falseが書かれています)"],
    ]);
    const [en] = check(withValues(1, 1, null), "en");
    // null is what \`hyoka new\` leaves in a field to fill in: said so, with the field's label.
    expect(en?.message).toBe("fill this in");
  });

  it("keeps the number rules of the number: a fraction of a thousand yen, a negative amount", () => {
    const ds = check(withValues(1, 1, 19.5));
    expect(ds).toHaveLength(1);
    expect(ds[0]?.message).toBe("整数が必要です(数値が書かれています)");
    expect(ds[0]?.hint).toContain("小数は使えません");
    expect(check(withValues(1, 1, -1))[0]?.message).toBe("0 以上にしてください");
  });

  it("takes any short text that does not read as a number, and refuses any number written as text", () => {
    const numberLike = fc
      .tuple(fc.constantFrom("", "-", "+", "−"), fc.integer({ min: 0, max: 99_999 }), fc.boolean())
      .map(([sign, n, wide]) => {
        const text = `${sign}${n.toLocaleString("en-US")}`;
        return wide
          ? text.normalize("NFKC").replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
          : text;
      });
    fc.assert(
      fc.property(numberLike, (text) => {
        expect(looksLikeNumber(text)).toBe(true);
        const ds = check(withValues(text, 1, 1));
        expect(ds.map((d) => d.pointer)).toEqual(["/indicators/0/years/3/plan"]);
        expect(ds[0]?.hint).toContain("半角で書きます");
      }),
      { numRuns: 60 },
    );
    const words = fc
      .array(fc.constantFrom(..."集計中調査未定−ー※なしNA"), { minLength: 1, maxLength: MAX_VALUE_TEXT })
      .map((cs) => cs.join(""));
    fc.assert(
      fc.property(words, (text) => {
        expect(check(withValues(text, text, text))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("a bullet typed at the start of an item", () => {
  it("is an error at the item, with a hint, for ●, ・ and ○ (also after spaces)", () => {
    for (const mark of ["●", "・", "○"]) {
      const d: Json = seedData();
      d.overview.outline.items[1] = `${mark}区役所庁舎のリフォームを進めます。`;
      d.results.achievements.items[0] = `　${mark} 取組を進めました。`;
      const ds = check(d);
      expect(ds.map((x) => x.pointer)).toEqual([
        "/overview/outline/items/1",
        "/results/achievements/items/0",
      ]);
      expect(ds[0]?.message).toContain(`「${mark}」`);
      expect(ds[0]?.hint).toBe(`先頭の「${mark}」を消してください(● はレイアウトが付けます)`);
      const [en] = check(d, "en");
      expect(en?.hint).toBe(`remove the leading "${mark}" (the layout adds the ●)`);
    }
  });

  it("is fine inside an item and in a lead paragraph", () => {
    const d: Json = seedData();
    d.overview.outline.items[1] = "区役所・支所の窓口○件";
    d.overview.outline.lead = "・前文は箇条書きではありません";
    expect(check(d)).toEqual([]);
  });
});
