/** (f) Document information and language. */
import { describe, expect, it } from "vitest";
import { openPdf, render, seed } from "./support.js";

describe("PDF metadata", () => {
  it("names the measure, division, form, year and code, in Japanese", async () => {
    const doc = openPdf((await render(seed(), "1.2.3")).bytes);
    expect(doc.getMetaData("info:Title")).toBe("区役所と支所、出張所等の窓口サービス機能再編の取組");
    expect(doc.getMetaData("info:Author")).toBe("市民・こども局区政推進部区調整課");
    expect(doc.getMetaData("info:Subject")).toBe("施策進行管理・評価票(1) 2013年度(平成25年度)");
    expect(doc.getMetaData("info:Keywords")).toBe("72302000");
    expect(doc.getMetaData("info:Creator")).toBe("hyoka 1.2.3");
    expect(doc.getMetaData("info:CreationDate")).toBe("D:20140331000000Z");
    expect(doc.getMetaData("info:ModDate")).toBe("D:20140331000000Z");
    const pdf = doc.asPDF();
    expect(pdf?.getTrailer().get("Root").get("Lang").asString()).toBe("ja-JP");
  });
});
