/** Handlebars for layout texts: helpers, no HTML escaping, strict mode, known helpers only. */
import { describe, expect, it } from "vitest";
import { formatThousands } from "../../src/model/format.js";
import { createTemplating, HELPERS } from "../../src/render-pdf/templating.js";
import { PDF_TEMPLATES } from "../../templates/sheet-1/pdf-templates.js";

const compile = (sources: Record<string, string>) => createTemplating().compileAll("test", sources);

describe("layout templates", () => {
  it("prints text as typed: no HTML escaping", () => {
    const t = compile({ a: "{{name}}<{{kind}}>" });
    expect(t("a", { name: "研究&開発", kind: "<b>'\"" })).toBe("研究&開発<<b>'\">");
  });

  it("fails on a missing field, naming it and its place", () => {
    const t = compile({ heading: "<{{planName}}({{startYear}}〜)>" });
    expect(() => t("heading", { startYear: 2011 })).toThrow(/"planName" not defined.*1:1|planName/);
    expect(() => t("nope", {})).toThrow(/no template named "nope"/);
  });

  it("refuses unknown helpers at compile time and keeps prototype access off", () => {
    expect(() => compile({ a: "{{shout name}}" })).toThrow();
    const t = compile({ a: "{{constructor.name}}" });
    expect(() => t("a", {})).toThrow();
  });

  it("has era, fiscal-year and number helpers that check their input", () => {
    const t = compile({
      all: "{{era y}} {{eraYear y}} {{eraFiscalYear y}} {{fy y}} {{fyEra y}} {{number n}}",
    });
    expect(t("all", { y: 2011, n: 326331 })).toBe("H23 平成23年 平成23年度 2011年度 2011(H23)年度 326,331");
    expect(t("all", { y: 2019, n: 0 })).toBe("R1 令和元年 令和元年度 2019年度 2019(R1)年度 0");
    expect(() => t("all", { y: "2011", n: 1 })).toThrow(/fiscal year/);
    expect(() => t("all", { y: 2011.5, n: 1 })).toThrow(/fiscal year/);
    expect(() => t("all", { y: 2011, n: "1" })).toThrow(/needs a number/);
    expect(() => HELPERS.number(1, 2, {})).toThrow(/exactly one value/);
  });

  it("reuses a result only for an equal context: same fields, same values, same types", () => {
    const t = compile({ n: "{{number v}}", two: "{{a}}|{{b}}", y: "{{fy y}}" });
    expect(t("n", { v: 1 })).toBe("1");
    expect(() => t("n", { v: "1" })).toThrow(/needs a number/);
    expect(() => t("n", { v: "1" })).toThrow(/needs a number/);
    expect(t("two", { a: 'x","b":"y', b: "z" })).toBe('x","b":"y|z');
    expect(t("two", { a: "x", b: 'y","b":"z' })).toBe('x|y","b":"z');
    expect(t("two", { a: "x\u0000", b: "y" })).toBe("x\u0000|y");
    expect(t("two", { a: "x", b: "\u0000y" })).toBe("x|\u0000y");
    expect(t("two", { a: true, b: "true" })).toBe("true|true");
    for (let year = 2000; year < 2030; year++) expect(t("y", { y: year })).toBe(`${year}年度`);
    expect(() => t("y", { y: 1800 })).toThrow(/fiscal year/);
  });

  it("formats thousands without Intl", () => {
    expect(formatThousands(326331)).toBe("326,331");
    expect(formatThousands(999_999_999_999)).toBe("999,999,999,999");
    expect(formatThousands(-1234.5)).toBe("-1,234.5");
    expect(formatThousands(18)).toBe("18");
    expect(formatThousands(0.25)).toBe("0.25");
    expect(() => formatThousands(Number.NaN)).toThrow();
    expect(() => formatThousands(1e21)).toThrow();
  });

  it("compiles every template of sheet-1 once per process", () => {
    const templating = createTemplating();
    const a = templating.compileAll("sheet-1", PDF_TEMPLATES);
    expect(templating.compileAll("sheet-1", PDF_TEMPLATES)).toBe(a);
    expect(a("overviewHeading", { planName: "第3期実行計画", startYear: 2011, endYear: 2013 })).toBe(
      "<第3期実行計画(2011(H23)〜2013(H25)年度)における施策の概要及び施策の目標>",
    );
    expect(a("futureDirectionLabel", { nextYear: 2014 })).toBe("2014年度以降の方向性");
    expect(a("budgetYear", { year: 2019 })).toBe("2019(R1)年度");
  });
});
