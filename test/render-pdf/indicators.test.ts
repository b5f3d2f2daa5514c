/**
 * The indicator table as the city's form prints it: one set of year rows for the three slots, each value in the
 * row of its year, an empty slot with the years and empty cells.
 */
import { describe, expect, it } from "vitest";
import { pdfLines, render, seed, type TextLine } from "./support.js";

/** The lines of the PDF that sit on the same baseline as `line` (the same table row). */
function rowOf(lines: TextLine[], line: TextLine): string[] {
  return lines
    .filter((l) => l.page === line.page && Math.abs(l.y - line.y) < 1.5)
    .sort((a, b) => a.x - b.x)
    .map((l) => l.text.trim());
}

describe("indicator year rows", () => {
  it("puts each slot's values in the row of their year, whatever years the other slots have", async () => {
    const data = seed();
    const first = data.indicators?.[0];
    if (!first) throw new Error("seed has no indicator");
    first.years = [2008, 2009, 2010, 2011, 2012, 2013].map((year) => ({
      year,
      plan: year - 1900,
      actual: year - 1900,
    }));
    data.indicators = [
      first,
      {
        name: "二番目の指標",
        unit: "件",
        years: [2010, 2011, 2012, 2013].map((year) => ({ year, plan: year - 2000, actual: year - 2000 })),
      },
    ];
    const r = await render(data);
    const lines = pdfLines(r.bytes);
    for (const year of [2008, 2010, 2013]) {
      const yearLine = lines.find((l) => l.text.trim() === String(year) && l.x < 150);
      if (!yearLine) throw new Error(`no row for ${year}`);
      const row = rowOf(lines, yearLine);
      // Three slots, each with its year; ①'s value and, from 2010, ②'s value of the same year.
      expect(
        row.filter((t) => t === String(year)),
        `${year}: ${row.join(" ")}`,
      ).toHaveLength(3);
      expect(row).toContain(String(year - 1900));
      if (year >= 2010) expect(row).toContain(String(year - 2000));
      else expect(row.filter((t) => /^\d{1,2}$/.test(t))).toEqual([]);
    }
  });

  it("prints an empty slot with the years of the table, not with another slot's values", async () => {
    const data = seed();
    const r = await render(data);
    const lines = pdfLines(r.bytes);
    const row2012 = lines.find((l) => l.text.trim() === "2012" && l.x < 150);
    if (!row2012) throw new Error("no 2012 row");
    const row = rowOf(lines, row2012);
    expect(row.filter((t) => t === "2012")).toHaveLength(3);
    expect(row.filter((t) => t === "19")).toHaveLength(2);
    expect(row.filter((t) => t === "%")).toHaveLength(1);
  });

  it("prints a text written in a number cell in place, centred, and a text amount in the budget row", async () => {
    const data = seed();
    const ind = data.indicators?.[0];
    const y2011 = data.budget.years[0];
    if (!ind || !y2011) throw new Error("seed changed");
    ind.years[3] = { year: 2013, plan: 20, actual: "集計中" };
    y2011.amounts = [
      { kind: "予算", amount: 326331 },
      { kind: "決算", amount: "−" },
    ];
    const lines = pdfLines((await render(data)).bytes);
    const text = lines.find((l) => l.text.trim() === "集計中");
    if (!text) throw new Error("集計中 not printed");
    const yearLine = lines.find((l) => l.text.trim() === "2013" && l.x < 150);
    if (!yearLine) throw new Error("no 2013 row");
    expect(Math.abs(text.y - yearLine.y)).toBeLessThan(1.5);
    const plan = rowOf(lines, yearLine);
    expect(plan.slice(0, 4)).toEqual(["2013", "20", "集計中", "%"]);
    expect(lines.some((l) => l.text.trim() === "−")).toBe(true);
  });

  it("prints exactly the declared decimal places: 19 kept to 1 place is 19.0", async () => {
    const data = seed();
    const ind = data.indicators?.[0];
    if (!ind) throw new Error("seed changed");
    ind.decimals = 1;
    ind.years[3] = { year: 2013, plan: 20.5, actual: 1234 };
    const lines = pdfLines((await render(data)).bytes);
    const yearLine = lines.find((l) => l.text.trim() === "2013" && l.x < 150);
    if (!yearLine) throw new Error("no 2013 row");
    expect(rowOf(lines, yearLine).slice(0, 4)).toEqual(["2013", "20.5", "1,234.0", "%"]);
    const row2012 = lines.find((l) => l.text.trim() === "2012" && l.x < 150);
    if (!row2012) throw new Error("no 2012 row");
    expect(rowOf(lines, row2012).slice(0, 3)).toEqual(["2012", "19.0", "19.0"]);
  });

  it("prints a unit up to the limit on one line, and a 12-year table no taller for it", async () => {
    const heightOf = async (unit: string | undefined) => {
      const data = seed();
      const years = Array.from({ length: 12 }, (_, i) => ({ year: 2002 + i, plan: 1234.5, actual: 1234.5 }));
      data.indicators = [
        { name: "排出量", ...(unit ? { unit } : {}), years },
        { name: "件数", unit: "件", years },
      ];
      const lines = pdfLines((await render(data)).bytes);
      const y = (year: number) => lines.find((l) => l.text.trim() === String(year) && l.x < 150);
      const first = y(2002);
      const last = y(2013);
      if (!first || !last) throw new Error("year rows missing");
      return { lines, height: last.y - first.y + (last.page - first.page) * 1000 };
    };
    const plain = await heightOf(undefined);
    for (const unit of ["万t-CO2", "千人当たり件数(累計)", "ｋｍ²／千世帯当たり人数"]) {
      const { lines, height } = await heightOf(unit);
      expect(
        lines.filter((l) => l.text.trim() === unit),
        unit,
      ).toHaveLength(12);
      expect(height, unit).toBeCloseTo(plain.height, 0);
    }
  });
});
