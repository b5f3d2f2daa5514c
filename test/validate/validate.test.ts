import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics.js";
import { FormRegistry } from "../../src/forms/registry.js";
import type { Lang } from "../../src/i18n.js";
import { isProblem, parseJson } from "../../src/load/parse-json.js";
import { validateSheet } from "../../src/validate/validate-sheet.js";
import { seedData } from "../helpers.js";

let registry: FormRegistry;
beforeAll(async () => {
  registry = await FormRegistry.load();
});

type Json = Record<string, unknown>;

function check(text: string, lang: Lang = "ja"): Diagnostic[] {
  const json = parseJson(text);
  if (isProblem(json)) throw new Error(json.message.en);
  const earlier = json.problems.map(
    (p): Diagnostic => ({ severity: "error", code: p.code, file: "t.json", message: p.message[lang] }),
  );
  return validateSheet(registry, { file: "t.json", bytes: Buffer.from(text), json }, lang, earlier)
    .diagnostics;
}

function mutate(fn: (d: Json) => void): string {
  const data = seedData();
  fn(data);
  return JSON.stringify(data, null, 2);
}

// biome-ignore lint/suspicious/noExplicitAny: tests poke into the seed freely.
const any = (v: unknown) => v as any;

describe("validateSheet", () => {
  it("accepts the seed sheet", () => {
    expect(check(JSON.stringify(seedData()))).toEqual([]);
  });

  it("names the field as the form labels it, with line, column and JSON path", () => {
    const text = mutate((d) => {
      any(d).indicators[0].years[2].actual = "19";
    });
    const [d] = check(text);
    expect(d?.field).toBe("参考指標① › 2012年度 › 実績値");
    expect(d?.pointer).toBe("/indicators/0/years/2/actual");
    const lines = text.split("\n");
    expect(lines[(d?.line ?? 0) - 1]?.slice((d?.column ?? 0) - 1)).toMatch(/^"19"/);
    expect(d?.message).toBe("数値が必要です(文字列が書かれています)");
  });

  it("speaks English with --lang en", () => {
    const [d] = check(
      mutate((d) => {
        any(d).indicators[0].years[2].actual = "19";
      }),
      "en",
    );
    expect(d?.field).toBe("Indicator 1 › FY2012 › Actual value");
    expect(d?.message).toBe("expected a number, got a string");
  });

  it('rejects "326,331" for a number, with a hint', () => {
    const [d] = check(
      mutate((d) => {
        any(d).budget.years[0].amounts[0].amount = "326,331";
      }),
    );
    expect(d?.field).toBe("事業費 › 2011年度 › 予算 › 金額(千円)");
    expect(d?.hint).toContain("326331");
  });

  it("rejects full-width digits in a code and a year", () => {
    const ds = check(
      mutate((d) => {
        any(d).measure.code = "７２３０２０００";
        any(d).evaluationYear = "２０１３";
      }),
    );
    expect(ds.map((x) => x.pointer).sort()).toEqual(["/evaluationYear", "/measure/code"]);
    expect(ds.find((x) => x.pointer === "/measure/code")?.hint).toContain("全角");
    expect(ds.find((x) => x.pointer === "/evaluationYear")?.hint).toContain("2013");
  });

  it("reports a missing required field", () => {
    const ds = check(
      mutate((d) => {
        delete d.division;
      }),
    );
    expect(ds).toHaveLength(1);
    expect(ds[0]?.field).toBe("作成課");
    expect(ds[0]?.message).toContain("必須");
  });

  it("reports an unknown key at its own place, with did-you-mean", () => {
    const text = mutate((d) => {
      any(d).indicators[0].directon = any(d).indicators[0].direction;
      delete any(d).indicators[0].direction;
    });
    const [d] = check(text);
    expect(d?.message).toContain('"directon"');
    expect(d?.hint).toContain('"direction"');
    expect(d?.field).toBe("参考指標①");
    expect(text.split("\n")[(d?.line ?? 0) - 1]).toContain('"directon"');
  });

  it("rejects wrong types", () => {
    const ds = check(
      mutate((d) => {
        d.priority = "yes";
        any(d).measure.code = 72302000;
        d.projects = {};
      }),
    );
    expect(ds.map((x) => x.pointer).sort()).toEqual(["/measure/code", "/priority", "/projects"]);
    expect(ds.find((x) => x.pointer === "/measure/code")?.hint).toContain('"72302000"');
  });

  it("checks the cross-field rules", () => {
    expect(
      check(
        mutate((d) => {
          any(d).measure.code = "7230200";
        }),
      )[0]?.field,
    ).toBe("施策課題 › コード");
    expect(
      check(
        mutate((d) => {
          any(d).plan.startYear = 2014;
        }),
      )[0]?.message,
    ).toContain("開始年度");
    expect(
      check(
        mutate((d) => {
          d.evaluationYear = 2015;
        }),
      )[0]?.message,
    ).toContain("期間(2011〜2013年度)の外");
    expect(
      check(
        mutate((d) => {
          any(d).results.evaluation.grades.pop();
        }),
      )[0]?.message,
    ).toContain("評価区分がありません");
    const dupYear = check(
      mutate((d) => {
        any(d).indicators[0].years[2].year = 2011;
      }),
    );
    expect(dupYear[0]?.message).toContain("2回");
    expect(dupYear[0]?.pointer).toBe("/indicators/0/years/2/year");
    expect(
      check(
        mutate((d) => {
          any(d).indicators[0].years[1].year = 2014;
        }),
      )[0]?.message,
    ).toContain("古い順");
    expect(
      check(
        mutate((d) => {
          any(d).budget.years[0].amounts[0].amount = -1;
        }),
      )[0]?.pointer,
    ).toBe("/budget/years/0/amounts/0/amount");
    expect(
      check(
        mutate((d) => {
          any(d).budget.years[0].amounts[0].amount = 1.5;
        }),
      )[0]?.hint,
    ).toContain("小数");
    const four = check(
      mutate((d) => {
        d.indicators = [1, 2, 3, 4].map(() => any(d).indicators[0]);
      }),
    );
    expect(four[0]?.message).toBe("3件までです");
    expect(
      check(
        mutate((d) => {
          any(d).results.evaluation.grades[0].grade = "AI";
        }),
      )[0]?.hint,
    ).toContain("U+2160");
  });

  it("rejects characters XML cannot carry and those no font draws", () => {
    for (const bad of ["\u0000", "\u000B", "\uFFFE", "\uD800", "\u200B", "葛\u{E0100}"]) {
      const ds = check(
        mutate((d) => {
          any(d).measure.name = `区役所${bad}の取組`;
        }),
      );
      expect(ds, JSON.stringify(bad)).toHaveLength(1);
      expect(ds[0]?.field).toBe("施策課題 › 名称");
    }
  });

  it("refuses long runs with no line-break opportunity", () => {
    const ds = check(
      mutate((d) => {
        any(d).measure.name = "x".repeat(120);
      }),
    );
    expect(ds[0]?.message).toContain("改行できない");
  });

  it("refuses text over the documented maximum length", () => {
    const ds = check(
      mutate((d) => {
        any(d).measure.name = "あ".repeat(201);
      }),
    );
    expect(ds[0]?.message).toBe("200文字以内にしてください");
  });

  it("refuses empty strings: an empty cell is an absent field", () => {
    const ds = check(
      mutate((d) => {
        any(d).projects[0].achievement = "";
      }),
    );
    expect(ds[0]?.message).toContain("省いて");
  });

  it("names a missing or unknown form", () => {
    expect(
      check(
        mutate((d) => {
          delete d.form;
        }),
      )[0]?.code,
    ).toBe("form-unknown");
    const [d] = check(
      mutate((d) => {
        d.form = "sheet1";
      }),
    );
    expect(d?.hint).toContain('"sheet-1"');
  });

  it("keeps reporting schema problems when the JSON had duplicate keys", () => {
    const text = JSON.stringify(seedData()).replace('"division":', '"division":"x","division":');
    const ds = check(text);
    expect(ds.map((d) => d.code)).toContain("json-duplicate-key");
  });
});
