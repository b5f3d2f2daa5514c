/**
 * The data contract of 施策進行管理・評価表(2): the real example passes, and every rating off its scale, every
 * cross-field mistake, is refused with a message that names the field by the form's Japanese label.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics.js";
import { FormRegistry } from "../../../src/forms/registry.js";
import type { Lang } from "../../../src/i18n.js";
import { isProblem, parseJson } from "../../../src/load/parse-json.js";
import { validateSheet } from "../../../src/validate/validate-sheet.js";
import { load, REAL_FIXTURE, SAMPLE_FIXTURE } from "./support.js";

let registry: FormRegistry;
beforeAll(async () => {
  registry = await FormRegistry.load();
});

function check(data: unknown, lang: Lang = "ja"): Diagnostic[] {
  const text = JSON.stringify(data, null, 2);
  const json = parseJson(text);
  if (isProblem(json)) throw new Error(json.message.en);
  return validateSheet(registry, { file: "t.json", bytes: Buffer.from(text), json }, lang).diagnostics;
}

// biome-ignore lint/suspicious/noExplicitAny: tests poke into the example freely.
type Json = any;

function mutate(fn: (d: Json) => void): Json {
  const data = load(REAL_FIXTURE) as Json;
  fn(data);
  return data;
}

describe("sheet-2 schema", () => {
  it("accepts the real example and the generated sample", () => {
    expect(check(load(REAL_FIXTURE))).toEqual([]);
    expect(check(load(SAMPLE_FIXTURE))).toEqual([]);
  });

  it("is the example data/2007 holds", () => {
    const data = JSON.parse(readFileSync("data/2007/62401000-2.json", "utf8"));
    delete data.$schema;
    expect(data).toEqual(load(REAL_FIXTURE));
  });

  const offScale: [string, string, unknown][] = [
    ["achievement", "達成度", 0],
    ["achievement", "達成度", 6],
    ["achievement", "達成度", 2.5],
    ["validity", "事業の妥当性", 0],
    ["validity", "事業の妥当性", 6],
    ["effectiveness", "事業の有効性・効率性・経済性", 0],
    ["effectiveness", "事業の有効性・効率性・経済性", 6],
    ["status", "3ヵ年の事業目標に対する達成状況", "V"],
    ["status", "3ヵ年の事業目標に対する達成状況", "Ⅱ"],
    ["status", "3ヵ年の事業目標に対する達成状況", "ii"],
    ["status", "3ヵ年の事業目標に対する達成状況", 2],
  ];
  it.each(offScale)("refuses %s = %j, naming %s", (key, label, value) => {
    const [d, ...rest] = check(mutate((data) => (data.projects[0][key] = value)));
    expect(rest).toEqual([]);
    expect(d?.severity).toBe("error");
    expect(d?.field).toBe(`配下の事務事業(1件目) › ${label}`);
    expect(d?.pointer).toBe(`/projects/0/${key}`);
  });

  it("says what the scale is", () => {
    const low = check(mutate((d) => (d.projects[0].achievement = 0)))[0];
    expect(low?.message).toBe("1 以上にしてください");
    const high = check(mutate((d) => (d.projects[0].validity = 6)))[0];
    expect(high?.message).toBe("5 以下にしてください");
    const status = check(mutate((d) => (d.projects[0].status = "Ⅱ")))[0];
    expect(status?.message).toBe('次のどれかにしてください: "I"・"II"・"III"・"IV"');
  });

  it("names the field in English with --lang en", () => {
    const [d] = check(
      mutate((data) => (data.projects[0].effectiveness = 9)),
      "en",
    );
    expect(d?.field).toBe("Project #1 › Effectiveness, efficiency and economy");
  });

  it("refuses a year outside the plan, a result after the evaluation year, an empty row, a repeated name", () => {
    const outside = check(mutate((d) => d.projects[0].targets.years.push({ year: 2008, text: "継続実施" })));
    expect(outside.map((d) => d.field)).toEqual(["配下の事務事業(1件目) › 事業目標 › 2008年度 › 年度"]);
    expect(outside[0]?.message).toContain("2008年度以降");

    const late = mutate((d) => {
      d.evaluationYear = 2006;
    });
    const lateIssues = check(late);
    expect(lateIssues.map((d) => d.pointer)).toEqual(["/projects/0/results/years/2/year"]);
    expect(lateIssues[0]?.message).toBe("2007年度の実績は評価年度(2006年度)より後です");

    const emptyRow = check(mutate((d) => (d.projects[0].revisedTargets = {})));
    expect(emptyRow.map((d) => d.field)).toEqual(["配下の事務事業(1件目) › 実行計画と差異のある事業目標"]);

    const twice = check(mutate((d) => d.projects.push({ ...d.projects[0] })));
    expect(twice.map((d) => d.message)).toEqual(["事務事業名「区民祭開催事業」が1件目と重複しています"]);
  });

  it("refuses an after-the-plan cell on 実績, a plan too long for the table, a basic measure without its policy", () => {
    const after = check(mutate((d) => (d.projects[0].results.after = "継続")));
    expect(after).toHaveLength(1);
    expect(after[0]?.pointer).toBe("/projects/0/results/after");

    const long = check(mutate((d) => (d.plan.startYear = 2000)));
    expect(long.map((d) => d.pointer)).toEqual(["/plan/endYear"]);

    const alone = check(mutate((d) => (d.basicMeasure = "地域の活性化")));
    expect(alone.map((d) => d.pointer)).toEqual(["/basicMeasure"]);
  });

  it("needs at least one project, and at most 40", () => {
    expect(check(mutate((d) => (d.projects = []))).map((d) => d.pointer)).toEqual(["/projects"]);
    const many = mutate((d) => {
      d.projects = Array.from({ length: 41 }, (_, i) => ({ ...d.projects[0], name: `事業${i}` }));
    });
    expect(check(many).map((d) => d.message)).toEqual(["40件までです"]);
  });
});
