/** The derived values of 施策進行管理・評価表(2): counts from the projects, year columns from the plan, identity. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derive, yearColumns } from "../../../templates/sheet-2/model.js";
import type { ProjectData } from "../../../templates/sheet-2/schema.js";
import { form, load, markedProject, REAL_FIXTURE, sheetOf } from "./support.js";

const projectArb: fc.Arbitrary<
  Pick<ProjectData, "achievement" | "validity" | "effectiveness" | "status" | "priority">
> = fc.record(
  {
    achievement: fc.integer({ min: 1, max: 5 }),
    validity: fc.integer({ min: 1, max: 5 }),
    effectiveness: fc.integer({ min: 1, max: 5 }),
    status: fc.constantFrom("I" as const, "II" as const, "III" as const, "IV" as const),
    priority: fc.constant(true),
  },
  { requiredKeys: ["achievement", "validity", "effectiveness", "status"] },
);

describe("sheet-2 model", () => {
  it("counts the real example's one project (the published sheet's 5 are not all known)", () => {
    const m = derive(form.schema.parse(load(REAL_FIXTURE)));
    expect(m.achievement.rows.map((r) => [r.label, r.projects, r.priority])).toEqual([
      ["1 目標を大きく上回って達成", 0, 0],
      ["2 目標を上回って達成", 0, 0],
      ["3 目標をほぼ達成", 1, 0],
      ["4 目標を下回った", 0, 0],
      ["5 目標を大きく下回った", 0, 0],
    ]);
    expect(m.achievement.total).toEqual({ projects: 1, priority: 0 });
    expect(m.validity.rows.map((r) => r.label)).toEqual([
      "5 優る",
      "4 やや優る",
      "3 適正",
      "2 やや劣る",
      "1 劣る",
    ]);
    expect(m.validity.rows.map((r) => r.projects)).toEqual([0, 0, 1, 0, 0]);
    expect(m.effectiveness.rows.map((r) => r.projects)).toEqual([0, 0, 1, 0, 0]);
    expect(m.status.rows.map((r) => [r.level, r.projects])).toEqual([
      ["I", 0],
      ["II", 1],
      ["III", 0],
      ["IV", 0],
    ]);
  });

  it("counts sum to the number of projects in every table, and うち重点 to the priority projects", () => {
    fc.assert(
      fc.property(fc.array(projectArb, { minLength: 1, maxLength: 40 }), (ratings) => {
        const projects = ratings.map((r, i) => ({ ...markedProject(i), ...r, priority: r.priority }));
        for (const p of projects) if (!p.priority) delete p.priority;
        const m = derive(form.schema.parse(sheetOf(projects)));
        const priority = projects.filter((p) => p.priority).length;
        for (const counts of [m.achievement, m.validity, m.effectiveness, m.status]) {
          expect(counts.rows.reduce((n, r) => n + r.projects, 0)).toBe(projects.length);
          expect(counts.rows.reduce((n, r) => n + r.priority, 0)).toBe(priority);
          for (const r of counts.rows) expect(r.priority).toBeLessThanOrEqual(r.projects);
        }
        expect(m.achievement.total).toEqual({ projects: projects.length, priority });
        // Each level's count is the number of projects rated so.
        for (const r of m.achievement.rows)
          expect(r.projects).toBe(projects.filter((p) => p.achievement === r.level).length);
        for (const r of m.status.rows)
          expect(r.projects).toBe(projects.filter((p) => p.status === r.level).length);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("takes the year columns from the plan: baseline, each plan year, the year after", () => {
    expect(yearColumns(2005, 2007).map((c) => c.label)).toEqual([
      "現状(計画策定時)",
      "2005年度",
      "2006年度",
      "2007年度",
      "2008年度以降",
    ]);
    const m = derive(form.schema.parse(load(REAL_FIXTURE)));
    expect(m.evaluationYearEra).toBe("平成19年度");
    const p = m.projects[0];
    expect(p?.cells.targets).toEqual([
      "区民祭開催事業の推進",
      "継続実施",
      "継続実施",
      "継続実施",
      "継続実施",
    ]);
    expect(p?.cells.revisedTargets).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(p?.cells.results).toEqual([
      undefined,
      "市内6区で開催",
      "市内6区で開催",
      "市内6区で開催",
      undefined,
    ]);
  });

  it("identifies the sheet by year and code, and names its projects in order as members", () => {
    const data = sheetOf([markedProject(2), markedProject(1)]);
    const id = form.identify(form.derive(form.schema.parse(data)));
    expect(id).toEqual({
      formId: "sheet-2",
      year: 2007,
      code: "99999999",
      title: "施策進行管理・評価表(2)",
      author: "",
      groups: [],
      members: ["事業2号", "事業1号"],
    });
    const named = form.identify(
      form.derive(
        form.schema.parse({
          ...data,
          measure: { code: "99999999", name: "地域の活性化" },
          basicPolicy: "政策",
          basicMeasure: "施策",
        }),
      ),
    );
    expect([named.title, named.groups]).toEqual(["地域の活性化", ["政策", "施策"]]);
  });
});
