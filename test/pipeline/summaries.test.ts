/** Each year's summary is made as soon as its last sheet is done, and used at the end only if still current. */
import { describe, expect, it } from "vitest";
import { EarlySummaries, type SummaryEntry } from "../../src/pipeline/summaries.js";

const entry = (year: number, code: string): SummaryEntry => ({
  formId: "sheet-1",
  model: {},
  year,
  code,
  rows: 1,
});

function setup(files: [string, number][]) {
  const entries: SummaryEntry[] = [];
  const made: string[] = [];
  const early = new EarlySummaries(
    new Map(files),
    async () => [...entries],
    async (year, group) => {
      made.push(`${year}:${group.map((e) => e.code).join("+")}`);
      return new TextEncoder().encode(`${year}`);
    },
  );
  const done = (file: string, year: number, code: string) => {
    entries.push(entry(year, code));
    early.done(file);
  };
  return { early, made, done, entries };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("EarlySummaries", () => {
  it("makes a year's summary once its last sheet is done, the sheets in code order", async () => {
    const { made, done } = setup([
      ["a", 2013],
      ["b", 2013],
      ["c", 2012],
    ]);
    done("b", 2013, "72302001");
    await tick();
    expect(made).toEqual([]);
    done("a", 2013, "72302000");
    await tick();
    expect(made).toEqual(["2013:72302000+72302001"]);
    done("c", 2012, "11202000");
    await tick();
    expect(made).toEqual(["2013:72302000+72302001", "2012:11202000"]);
  });

  it("hands over an early summary made from the same sheets, and makes it again otherwise", async () => {
    const { early, made, done } = setup([["a", 2013]]);
    done("a", 2013, "72302000");
    await tick();
    const fallback = async () => new TextEncoder().encode("again");
    const maker = early.maker(fallback);
    const same = await maker(2013, [entry(2013, "72302000")]);
    expect(new TextDecoder().decode(same)).toBe("2013");
    const other = await maker(2013, [entry(2013, "72302000"), entry(2013, "72302009")]);
    expect(new TextDecoder().decode(other)).toBe("again");
    const unknown = await maker(2014, [entry(2014, "1")]);
    expect(new TextDecoder().decode(unknown)).toBe("again");
    expect(made).toEqual(["2013:72302000"]);
  });

  it("falls back when the early summary failed", async () => {
    const early = new EarlySummaries(
      new Map([["a", 2013]]),
      async () => [entry(2013, "1")],
      async () => {
        throw new Error("worker gone");
      },
    );
    early.done("a");
    await tick();
    const bytes = await early.maker(async () => new Uint8Array([1]))(2013, [entry(2013, "1")]);
    expect([...bytes]).toEqual([1]);
  });
});
