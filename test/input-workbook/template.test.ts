/**
 * `hyoka template`: a blank input workbook laid out like the form, protected, with prompts and drop-downs; filled
 * in programmatically (and once more after LibreOffice opened and saved it), it imports to a sheet that builds.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers.js";
import { cellOfPath, editWorkbook, importBytes, soffice, throughLibreOffice } from "./support.js";

/** What the test types into a blank template of 2013 / 12345678: the least a sheet needs, and a few more. */
async function filledIn(): Promise<Record<string, string | number>> {
  const at = (...p: (string | number)[]) => cellOfPath(p);
  return {
    [await at("measure", "name")]: "テスト施策の取組",
    [await at("division")]: "総務局テスト課",
    [await at("basicPolicy")]: "安全で快適に暮らすまちづくり",
    [await at("policyDirection")]: "災害に強いまちをつくる",
    [await at("basicMeasure")]: "防災体制の強化",
    [await at("priority")]: "重点",
    [await at("plan", "name")]: "第3期実行計画",
    [await at("plan", "startYear")]: 2011,
    [await at("plan", "endYear")]: 2013,
    [await at("overview", "problems", "items", 0)]: "課題その1\n二行目",
    [await at("overview", "outline", "items", 0)]: "概要その1",
    [await at("overview", "targets", "lead")]: "目標の前文",
    [await at("results", "achievements", "items", 0)]: "成果その1",
    [await at("results", "remainingIssues", "items", 0)]: "残された課題",
    [await at("results", "evaluation", "grades", 0, "year")]: 2013,
    [await at("results", "evaluation", "grades", 0, "grade")]: "AⅡ",
    [await at("results", "evaluation", "reason", "items", 0)]: "理由",
    [await at("futureDirection", "items", 0)]: "方向性",
    [await at("indicators", 0, "name")]: "訓練参加者数",
    [await at("indicators", 0, "direction")]: "大きいほどよい",
    [await at("indicators", 0, "unit")]: "人",
    [await at("indicators", 0, "years", 0, "year")]: 2013,
    [await at("indicators", 0, "years", 0, "plan")]: 1200,
    [await at("indicators", 0, "years", 0, "actual")]: "集計中",
    [await at("budget", "years", 0, "year")]: 2013,
    [await at("budget", "years", 0, "amounts", 0, "kind")]: "予算",
    [await at("budget", "years", 0, "amounts", 0, "amount")]: 53140,
    [await at("budget", "years", 0, "amounts", 1, "kind")]: "決算見込",
    [await at("budget", "years", 0, "amounts", 1, "amount")]: 52765,
    [await at("projects", 0, "name")]: "防災訓練事業",
  };
}

const EXPECTED = {
  $schema: "../../schemas/sheet-1.schema.json",
  form: "sheet-1",
  evaluationYear: 2013,
  measure: { code: "12345678", name: "テスト施策の取組" },
  division: "総務局テスト課",
  basicPolicy: "安全で快適に暮らすまちづくり",
  policyDirection: "災害に強いまちをつくる",
  basicMeasure: "防災体制の強化",
  priority: true,
  plan: { name: "第3期実行計画", startYear: 2011, endYear: 2013 },
  overview: {
    problems: { items: ["課題その1\n二行目"] },
    outline: { items: ["概要その1"] },
    targets: { lead: "目標の前文" },
  },
  results: {
    achievements: { items: ["成果その1"] },
    remainingIssues: { items: ["残された課題"] },
    evaluation: { grades: [{ year: 2013, grade: "AⅡ" }], reason: { items: ["理由"] } },
  },
  futureDirection: { items: ["方向性"] },
  indicators: [
    {
      name: "訓練参加者数",
      direction: "大きいほどよい",
      unit: "人",
      years: [{ year: 2013, plan: 1200, actual: "集計中" }],
    },
  ],
  budget: {
    years: [
      {
        year: 2013,
        amounts: [
          { kind: "予算", amount: 53140 },
          { kind: "決算見込", amount: 52765 },
        ],
      },
    ],
  },
  projects: [{ name: "防災訓練事業" }],
};

describe("hyoka template", () => {
  it("writes the same bytes each time, and never over an existing file without --force", () => {
    const dir = tempDir();
    const a = runCli(
      ["template", "--form", "sheet-1", "--year", "2013", "--code", "12345678", "--out", "a.xlsx"],
      {
        cwd: dir,
      },
    );
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    const again = runCli(
      ["template", "--form", "sheet-1", "--year", "2013", "--code", "12345678", "--out", "a.xlsx"],
      {
        cwd: dir,
      },
    );
    expect(again.stderr).toContain("既にあります");
    expect(again.status).toBe(1);
    runCli(["template", "--form", "sheet-1", "--year", "2013", "--code", "12345678", "--out", "b.xlsx"], {
      cwd: dir,
    });
    expect(readFileSync(path.join(dir, "a.xlsx")).equals(readFileSync(path.join(dir, "b.xlsx")))).toBe(true);
  });

  it("refuses a missing or unknown form and a value the form does not take (exit 2)", () => {
    const dir = tempDir();
    const none = runCli(["template", "--out", "x.xlsx"], { cwd: dir });
    expect(none.stderr).toContain("--form で様式を指定してください(使える様式: sheet-1, sheet-2)");
    expect(none.status).toBe(2);
    const year = runCli(["template", "--form", "sheet-1", "--year", "H25", "--out", "x.xlsx"], { cwd: dir });
    expect(year.stderr).toContain("--year H25 はこの様式で使えない値です");
    expect(year.status).toBe(2);
    const code = runCli(
      ["template", "--form", "sheet-1", "--code", "12", "--out", "x.xlsx", "--lang", "en"],
      {
        cwd: dir,
      },
    );
    expect(code.stderr).toContain("--code 12 is not a value this form takes");
    expect(code.status).toBe(2);
    expect(existsSync(path.join(dir, "x.xlsx"))).toBe(false);
  });

  it("locks the labels, unlocks the inputs, and offers the form's choices", async () => {
    const dir = tempDir();
    runCli(["template", "--form", "sheet-1", "--out", "t.xlsx"], { cwd: dir });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path.join(dir, "t.xlsx")) as unknown as ExcelJS.Buffer);
    const sheetOf = (where: string) => {
      const [name, address] = where.split("!") as [string, string];
      const sheet = workbook.getWorksheet(name);
      if (!sheet) throw new Error(name);
      return sheet.getCell(address);
    };
    const grade = sheetOf(await cellOfPath(["results", "evaluation", "grades", 0, "grade"]));
    expect(grade.protection?.locked).toBe(false);
    expect(grade.dataValidation).toMatchObject({
      type: "list",
      formulae: ['"AⅠ,AⅡ,B,C"'],
      errorStyle: "stop",
    });
    const direction = sheetOf(await cellOfPath(["indicators", 2, "direction"]));
    expect(direction.dataValidation).toMatchObject({
      type: "list",
      formulae: ['"大きいほどよい,小さいほどよい"'],
    });
    const kind = sheetOf(await cellOfPath(["budget", "years", 5, "amounts", 3, "kind"]));
    // Offered, not enforced: no error message (the attribute left out means none).
    expect(kind.dataValidation.type).toBe("list");
    expect(kind.dataValidation.showErrorMessage).toBeFalsy();
    const amount = sheetOf(await cellOfPath(["budget", "years", 0, "amounts", 0, "amount"]));
    expect(amount.dataValidation).toMatchObject({ type: "whole", formulae: [0, 999_999_999_999] });
    expect(amount.dataValidation.prompt).toContain("0〜999,999,999,999 の整数");
    const name = sheetOf(await cellOfPath(["measure", "name"]));
    expect(name.dataValidation).toMatchObject({
      type: "textLength",
      formulae: [200],
      showInputMessage: true,
    });
    expect(name.dataValidation.prompt).toBe("200文字以内。Alt+Enter で改行できます。必須です。");
    const priority = sheetOf(await cellOfPath(["priority"]));
    expect(priority.dataValidation).toMatchObject({ type: "list", formulae: ['"重点,重点でない"'] });
    const label = workbook.getWorksheet("基本情報")?.getCell("A4");
    expect(label?.value).toBe("評価年度");
    expect(label?.protection?.locked).not.toBe(false);
    for (const sheet of workbook.worksheets)
      if (sheet.name !== "hyoka")
        expect((sheet as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(
          true,
        );
    expect(workbook.getWorksheet("hyoka")?.state).toBe("veryHidden");
    // Room for every item: 60 projects, 40 glossary entries, 3 indicators of 12 years, 6 years of 4 amounts.
    await cellOfPath(["projects", 59, "achievement"]);
    await cellOfPath(["glossary", 39, "explanation"]);
    await cellOfPath(["indicators", 2, "years", 11, "actual"]);
  });

  it("filled in, imports to a sheet that builds", async () => {
    const dir = tempDir();
    runCli(["template", "--form", "sheet-1", "--year", "2013", "--code", "12345678", "--out", "blank.xlsx"], {
      cwd: dir,
    });
    const filled = await editWorkbook(readFileSync(path.join(dir, "blank.xlsx")), await filledIn());
    writeFileSync(path.join(dir, "filled.xlsx"), filled);
    const imported = runCli(["import", "filled.xlsx", "--out", "data"], { cwd: dir });
    expect(imported.stderr).toBe("");
    expect(imported.status).toBe(0);
    const json = readFileSync(path.join(dir, "data/2013/12345678.json"), "utf8");
    expect(JSON.parse(json)).toEqual(EXPECTED);
    const built = runCli(["build", "--out", "out", "--jobs", "1"], { cwd: dir });
    expect(built.status).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/12345678.pdf"))).toBe(true);

    const program = soffice();
    if (!program) {
      console.warn("test/input-workbook: soffice not found, the LibreOffice part is skipped");
      return;
    }
    const read = await importBytes(throughLibreOffice(filled, program));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.problems).toEqual([]);
    expect(read.data).toEqual(EXPECTED);
  }, 240_000);
});
