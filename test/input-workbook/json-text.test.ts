/** The text `hyoka import` writes: short items of a list on one line, as data/ has them; long ones a value a line. */
import { describe, expect, it } from "vitest";
import { sheetText } from "../../src/input-workbook/json-text.js";

describe("sheetText", () => {
  it("keeps a short item on one line and lays a long one out a value a line; both read back the same", () => {
    const data = {
      years: [{ year: 2011, text: "継続実施" }],
      projects: [
        { name: "出張所等の窓口機能再編事業", outline: "出張所の窓口業務を見直し、".repeat(6), status: "I" },
      ],
    };
    const text = sheetText(data);
    expect(text).toContain('    { "year": 2011, "text": "継続実施" }');
    expect(text).toContain('    {\n      "name": "出張所等の窓口機能再編事業",\n');
    for (const line of text.split("\n"))
      if (line.trimStart().startsWith("{ ")) expect(line.length).toBeLessThanOrEqual(100);
    expect(JSON.parse(text)).toEqual(data);
    expect(text.endsWith("}\n")).toBe(true);
  });
});
