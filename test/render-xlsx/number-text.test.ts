import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { enUsNumber } from "../../src/render-xlsx/styles.js";

const intl = new Intl.NumberFormat("en-US");

describe("enUsNumber (column widths)", () => {
  it("gives what Intl gives for the edges of rounding and sign", () => {
    const edges = [
      0,
      -0,
      1,
      -1,
      1.0005,
      2.0005,
      0.0005,
      -0.0004,
      -0.0005,
      999.9995,
      0.9995,
      1.9999,
      0.1 + 0.2,
    ];
    for (const v of edges) {
      expect(enUsNumber(v), String(v)).toBe(intl.format(v));
    }
    for (const v of [1e21, 1.2345e-7, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, -1e300]) {
      expect(enUsNumber(v), String(v)).toBe(intl.format(v));
    }
  });

  it("gives what Intl gives for amounts, ratios and any double", () => {
    const amounts = fc.integer({ min: -1e12, max: 1e12 });
    const decimals = fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 7 }))
      .map(([n, places]) => n / 10 ** places);
    const doubles = fc.double({ noNaN: true });
    fc.assert(
      fc.property(fc.oneof(amounts, decimals, doubles), (v) => {
        expect(enUsNumber(v)).toBe(intl.format(v));
      }),
      { numRuns: 20_000 },
    );
  });
});
