/**
 * 評価表(2)'s input workbook: `hyoka template --form sheet-2`, filled in as staff would, imports to a sheet that
 * builds; `export` then `import` gives the real example back byte for byte, generated sheets (realistic and hard)
 * deep-equal, also after LibreOffice saved the workbook. Its files are named as the form names its outputs
 * (`<code>-2`), so a measure's two forms export and import side by side.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSheet2 } from "../../scripts/gen-sheet-2.js";
import { HARD_FIXTURE, load, SAMPLE_FIXTURE } from "../forms/sheet-2/support.js";
import { ROOT, runCli, SEED_JSON, tempDir } from "../helpers.js";
import {
  cellOfPath,
  editWorkbook,
  exportBytes,
  importBytes,
  sheetForm,
  soffice,
  throughLibreOffice,
} from "./support.js";

const EXAMPLE = path.join(ROOT, "data/2007/62401000-2.json");
const at = (...p: (string | number)[]) => cellOfPath(p, "sheet-2");

async function roundTrip(data: unknown): Promise<unknown> {
  const read = await importBytes(await exportBytes(data, "sheet-2"));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  expect(read.problems).toEqual([]);
  return read.data;
}

/** The sheet as JSON has it: no `$schema` (import adds its own), texts composed. */
function asJson(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data), (key, value) =>
    key === "$schema" ? undefined : typeof value === "string" ? value.normalize("NFC") : value,
  );
}

describe("評価表(2)'s input workbook", () => {
  it("is laid out from the form: drop-downs for the ratings and the status, a slot for each of 40 projects", async () => {
    const dir = tempDir();
    const r = runCli(
      ["template", "--form", "sheet-2", "--year", "2007", "--code", "62401000", "--out", "blank.xlsx"],
      { cwd: dir },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path.join(dir, "blank.xlsx")) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["基本情報", "事務事業", "hyoka"]);
    const cell = async (...p: (string | number)[]) => {
      const [name, address] = (await at(...p)).split("!") as [string, string];
      const sheet = workbook.getWorksheet(name);
      if (!sheet) throw new Error(name);
      return sheet.getCell(address);
    };
    expect((await cell("evaluationYear")).value).toBe(2007);
    expect((await cell("measure", "code")).value).toBe("62401000");
    const status = await cell("projects", 39, "status");
    expect(status.protection?.locked).toBe(false);
    expect(status.dataValidation).toMatchObject({ type: "list", formulae: ['"I,II,III,IV"'] });
    expect((await cell("projects", 0, "achievement")).dataValidation).toMatchObject({
      type: "whole",
      formulae: [1, 5],
    });
    expect((await cell("projects", 0, "priority")).dataValidation).toMatchObject({
      type: "list",
      formulae: ['"重点"'],
    });
    await expect(at("projects", 40, "name")).rejects.toThrow();
    await at("projects", 39, "results", "years", 5, "text");
  });

  it("filled in by hand, imports to <code>-2.json, which builds", async () => {
    const dir = tempDir();
    runCli(["template", "--form", "sheet-2", "--year", "2013", "--code", "12345678", "--out", "blank.xlsx"], {
      cwd: dir,
    });
    const filled = await editWorkbook(readFileSync(path.join(dir, "blank.xlsx")), {
      [await at("plan", "startYear")]: 2011,
      [await at("plan", "endYear")]: 2013,
      [await at("projects", 0, "name")]: "防災訓練事業",
      [await at("projects", 0, "division")]: "総務局危機管理室",
      [await at("projects", 0, "outline")]: "市民参加の防災訓練を各区で行う。\n二行目",
      [await at("projects", 0, "achievement")]: 3,
      [await at("projects", 0, "priority")]: "重点",
      [await at("projects", 0, "validity")]: 4,
      [await at("projects", 0, "effectiveness")]: 3,
      [await at("projects", 0, "status")]: "II",
      [await at("projects", 0, "targets", "baseline")]: "年1回",
      [await at("projects", 0, "targets", "years", 0, "year")]: 2011,
      [await at("projects", 0, "targets", "years", 0, "text")]: "継続実施",
      [await at("projects", 0, "results", "years", 0, "year")]: 2011,
      [await at("projects", 0, "results", "years", 0, "text")]: "参加者 1,200人",
      [await at("projects", 1, "name")]: "備蓄事業",
      [await at("projects", 1, "division")]: "総務局危機管理室",
      [await at("projects", 1, "outline")]: "備蓄品を更新する。",
      [await at("projects", 1, "achievement")]: 2,
      [await at("projects", 1, "validity")]: 3,
      [await at("projects", 1, "effectiveness")]: 3,
      [await at("projects", 1, "status")]: "I",
    });
    writeFileSync(path.join(dir, "filled.xlsx"), filled);
    const imported = runCli(["import", "filled.xlsx", "--out", "data"], { cwd: dir });
    expect(imported.stderr).toBe("");
    expect(imported.status).toBe(0);
    const file = path.join(dir, "data/2013/12345678-2.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      $schema: "../../schemas/sheet-2.schema.json",
      form: "sheet-2",
      evaluationYear: 2013,
      measure: { code: "12345678" },
      plan: { startYear: 2011, endYear: 2013 },
      projects: [
        {
          name: "防災訓練事業",
          division: "総務局危機管理室",
          outline: "市民参加の防災訓練を各区で行う。\n二行目",
          achievement: 3,
          priority: true,
          validity: 4,
          effectiveness: 3,
          status: "II",
          targets: { baseline: "年1回", years: [{ year: 2011, text: "継続実施" }] },
          results: { years: [{ year: 2011, text: "参加者 1,200人" }] },
        },
        {
          name: "備蓄事業",
          division: "総務局危機管理室",
          outline: "備蓄品を更新する。",
          achievement: 2,
          validity: 3,
          effectiveness: 3,
          status: "I",
        },
      ],
    });
    const built = runCli(["build", "data/2013/12345678-2.json", "--out", "out"], { cwd: dir });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(path.join(dir, "out/2013/12345678-2.pdf"))).toBe(true);
  });

  it("gives the real example back byte for byte, through the CLI, beside the seed's 評価票(1)", () => {
    const dir = tempDir();
    const exported = runCli(["export", EXAMPLE, SEED_JSON, "--out", "xlsx"], { cwd: dir });
    expect(exported.stderr).toBe("");
    expect(exported.status).toBe(0);
    expect(existsSync(path.join(dir, "xlsx/2007/62401000-2.xlsx"))).toBe(true);
    expect(existsSync(path.join(dir, "xlsx/2013/72302000.xlsx"))).toBe(true);
    const imported = runCli(
      ["import", "xlsx/2007/62401000-2.xlsx", "xlsx/2013/72302000.xlsx", "--out", "data"],
      { cwd: dir },
    );
    expect(imported.stderr).toBe("");
    expect(imported.status).toBe(0);
    expect(readFileSync(path.join(dir, "data/2007/62401000-2.json"), "utf8")).toBe(
      readFileSync(EXAMPLE, "utf8"),
    );
    expect(readFileSync(path.join(dir, "data/2013/72302000.json"), "utf8")).toBe(
      readFileSync(SEED_JSON, "utf8"),
    );
  });

  it("gives generated sheets back, realistic and hard (property)", async () => {
    const form = await sheetForm("sheet-2");
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom("realistic", "hard"),
        async (seed, profile) => {
          const [generated] = generateSheet2({ count: 1, seed, profile: profile as "realistic" | "hard" });
          if (!generated) throw new Error("no sheet");
          expect(form.schema.safeParse(generated.data).success).toBe(true);
          expect(asJson(await roundTrip(generated.data))).toEqual(asJson(generated.data));
        },
      ),
      { numRuns: 8 },
    );
  });

  const program = soffice();
  it.skipIf(!program)("keeps the hard sample after LibreOffice opened and saved the workbook", async () => {
    const sheet = load(HARD_FIXTURE);
    const saved = throughLibreOffice(await exportBytes(sheet, "sheet-2"), program as string);
    const read = await importBytes(saved);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(asJson(read.data)).toEqual(asJson(sheet));
    expect(asJson(await roundTrip(load(SAMPLE_FIXTURE)))).toEqual(asJson(load(SAMPLE_FIXTURE)));
  });
});
