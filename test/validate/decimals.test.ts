/** `decimals` on an indicator: a value with more decimal places than declared is an error with its place. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics.js";
import { FormRegistry } from "../../src/forms/registry.js";
import type { Lang } from "../../src/i18n.js";
import { isProblem, parseJson } from "../../src/load/parse-json.js";
import { validateSheet } from "../../src/validate/validate-sheet.js";
import { withDecimals } from "../../templates/sheet-1/pdf.js";
import { decimalPlaces } from "../../templates/sheet-1/schema.js";
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

function withDecimalsSet(decimals: unknown, plan: unknown, actual: unknown): Json {
  const d: Json = seedData();
  d.indicators[0].decimals = decimals;
  d.indicators[0].years[2].plan = plan;
  d.indicators[0].years[2].actual = actual;
  return d;
}

describe("decimals", () => {
  it("accepts values with at most the declared decimal places, and texts", () => {
    expect(check(withDecimalsSet(1, 19, 19.5))).toEqual([]);
    expect(check(withDecimalsSet(3, 0.125, "集計中"))).toEqual([]);
    expect(check(withDecimalsSet(0, 19, 20))).toEqual([]);
  });

  it("refuses a value with more decimals than declared, at its place, with a hint", () => {
    const ds = check(withDecimalsSet(1, 19.25, 19.5));
    expect(ds).toHaveLength(1);
    expect(ds[0]?.pointer).toBe("/indicators/0/years/2/plan");
    expect(ds[0]?.field).toBe("参考指標① › 2012年度 › 計画値");
    expect(ds[0]?.message).toBe("19.25 は小数点以下の桁数(decimals: 1)より細かい値です");
    expect(ds[0]?.hint).toContain("1桁に丸める");
    const [en] = check(withDecimalsSet(0, 1, 0.5), "en");
    expect(en?.message).toBe("0.5 has more decimal places than the indicator keeps (decimals: 0)");
    expect(en?.hint).toBe("round the value to 0 decimal places, or raise decimals");
  });

  it("takes 0 to 3 only", () => {
    expect(check(withDecimalsSet(4, 1, 1))[0]?.pointer).toBe("/indicators/0/decimals");
    expect(check(withDecimalsSet(1.5, 1, 1))[0]?.pointer).toBe("/indicators/0/decimals");
    expect(check(withDecimalsSet(-1, 1, 1))[0]?.pointer).toBe("/indicators/0/decimals");
  });

  it("agrees with the printed digits: a value is accepted exactly when printing it loses nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: -9_999_999, max: 9_999_999 }),
        fc.integer({ min: 0, max: 5 }),
        (decimals, digits, places) => {
          const value = Number((digits / 10 ** places).toFixed(places));
          const ok = check(withDecimalsSet(decimals, value, 1)).length === 0;
          expect(ok).toBe(decimalPlaces(value) <= decimals);
          if (ok) {
            const printed = withDecimals(String(value), decimals);
            expect(printed.split(".")[1]?.length ?? 0).toBe(decimals);
            expect(Number(printed)).toBe(value);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
