/** The era table: boundaries of eras by date and by fiscal year (年度, April to March). */
import { describe, expect, it } from "vitest";
import { eraLong, eraOfDate, eraOfFiscalYear, eraShort, fiscalYearWithEra } from "../../src/model/era.js";

const at = (y: number, m: number, d: number) => {
  const { era, year } = eraOfDate(y, m, d);
  return `${era.name}${year}`;
};

describe("eraOfDate", () => {
  it("changes era on the first day of the new era", () => {
    expect(at(1989, 1, 7)).toBe("昭和64");
    expect(at(1989, 1, 8)).toBe("平成1");
    expect(at(2019, 4, 30)).toBe("平成31");
    expect(at(2019, 5, 1)).toBe("令和1");
    expect(at(2020, 1, 1)).toBe("令和2");
    expect(at(1926, 12, 25)).toBe("昭和1");
  });
  it("refuses dates before the table", () => {
    expect(() => eraOfDate(1926, 12, 24)).toThrow(RangeError);
  });
});

describe("fiscal years", () => {
  it("names 2019年度 (begun in 平成31) 令和元年度, and the years around it", () => {
    expect(eraShort(2018)).toBe("H30");
    expect(eraShort(2019)).toBe("R1");
    expect(eraShort(2020)).toBe("R2");
    expect(eraLong(2018)).toBe("平成30年度");
    expect(eraLong(2019)).toBe("令和元年度");
    expect(eraLong(2020)).toBe("令和2年度");
    expect(eraOfFiscalYear(2019).era.initial).toBe("R");
  });
  it("names 1989年度 平成元年度 (the first year hyoka accepts)", () => {
    expect(eraShort(1989)).toBe("H1");
    expect(eraLong(1989)).toBe("平成元年度");
  });
  it("prints the seed's years as the form does", () => {
    expect(fiscalYearWithEra(2011)).toBe("2011(H23)年度");
    expect(fiscalYearWithEra(2013)).toBe("2013(H25)年度");
    expect(eraLong(2013)).toBe("平成25年度");
  });
  it("does not depend on the ICU data of the running Node", () => {
    // The same answers whatever Intl says; a sanity check that the table, not Intl, is used.
    const spy = Intl.DateTimeFormat;
    try {
      (Intl as { DateTimeFormat: unknown }).DateTimeFormat = () => {
        throw new Error("Intl used");
      };
      expect(fiscalYearWithEra(2019)).toBe("2019(R1)年度");
    } finally {
      (Intl as { DateTimeFormat: unknown }).DateTimeFormat = spy;
    }
  });
});
