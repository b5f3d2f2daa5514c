/**
 * A filled-in workbook with staff's usual mistakes: each problem names the workbook, the worksheet and cell, and
 * the field as the form labels it, in Japanese or English, like `validate` for a JSON file; nothing is written
 * for a workbook with an error, and the others of the batch are imported.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, seedData, seedText, tempDir } from "../helpers.js";
import { type CellEdit, cellOfPath, editWorkbook, exportBytes } from "./support.js";

/** The seed's workbook with `edits`, imported by the CLI into a fresh folder. */
async function importEdited(edits: Record<string, CellEdit>, lang: "ja" | "en" = "ja") {
  const dir = tempDir();
  const file = path.join(dir, "seed.xlsx");
  writeFileSync(file, await editWorkbook(await exportBytes(seedData()), edits));
  const r = runCli(["import", file, "--out", path.join(dir, "data"), "--lang", lang]);
  return { ...r, dir, file, written: existsSync(path.join(dir, "data/2013/72302000.json")) };
}

describe("hyoka import: problems in cells", () => {
  it("a number typed as text (1,234) names the cell and the field, with the hint", async () => {
    const cell = await cellOfPath(["budget", "years", 0, "amounts", 0, "amount"]);
    const r = await importEdited({ [cell]: "1,234" });
    expect(r.stderr).toContain(`seed.xlsx ${cell}: エラー [事業費 › 2011年度 › 予算 › 金額(千円)]`);
    expect(r.stderr).toContain("数値が必要です(文字列が書かれています)");
    expect(r.stderr).toContain("ヒント: 数値は引用符やカンマを付けずに 1234 のように半角で書きます");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(1);
    expect(r.written).toBe(false);
  });

  it("full-width digits in a year, in English with --lang en", async () => {
    const cell = await cellOfPath(["plan", "startYear"]);
    const r = await importEdited({ [cell]: "２０１１" }, "en");
    expect(r.stderr).toContain(`seed.xlsx ${cell}: error [Execution plan › First year]`);
    expect(r.stderr).toContain("hint: write numbers without quotes or commas, e.g. 2011");
    expect(r.status).toBe(1);
  });

  it("a year typed as H23 or 平成23年度 gives the western year", async () => {
    const a = await cellOfPath(["indicators", 0, "years", 1, "year"]);
    const b = await cellOfPath(["results", "evaluation", "grades", 0, "year"]);
    const r = await importEdited({ [a]: "H23", [b]: "平成23年度" });
    // The year is not read, so the row is named by its place, not by its year.
    expect(r.stderr).toContain(
      `${a}: エラー [参考指標① › 年度別の値(2件目) › 年度] (/indicators/0/years/1/year)`,
    );
    expect(r.stderr).toContain("和暦「H23」が入力されています");
    expect(r.stderr).toContain("ヒント: H23 は 2011 です");
    expect(r.stderr).toContain(`${b}: エラー`);
    expect(r.stderr).toContain("ヒント: 平成23年度 は 2011 です");
    expect(r.status).toBe(1);
  });

  it("a date where a year belongs", async () => {
    const cell = await cellOfPath(["evaluationYear"]);
    const r = await importEdited({ [cell]: new Date(Date.UTC(2013, 3, 1)) });
    expect(r.stderr).toContain(`${cell}: エラー [評価年度]`);
    expect(r.stderr).toContain("日付(2013-04-01)が入力されています");
    expect(r.stderr).toContain("2013 のように西暦の整数で");
    expect(r.status).toBe(1);
  });

  it("a formula: its saved result is read, with a warning naming the cell", async () => {
    const cell = await cellOfPath(["budget", "years", 0, "amounts", 0, "amount"]);
    const r = await importEdited({ [cell]: { formula: "300000+26331", result: 326331 } });
    expect(r.stderr).toContain(`${cell}: 警告`);
    expect(r.stderr).toContain("保存されている計算結果「326331」を読み込みました");
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(r.dir, "data/2013/72302000.json"), "utf8")).toBe(seedText());
  });

  it("a formula with no saved result is an error", async () => {
    const cell = await cellOfPath(["budget", "years", 0, "amounts", 0, "amount"]);
    const r = await importEdited({ [cell]: { formula: "A1" } });
    expect(r.stderr).toContain(`${cell}: エラー`);
    expect(r.stderr).toContain("計算結果が保存されていないため読めません");
    expect(r.status).toBe(1);
  });

  it("an empty required field names its cell", async () => {
    const cell = await cellOfPath(["division"]);
    const r = await importEdited({ [cell]: null });
    expect(r.stderr).toContain(`seed.xlsx ${cell}: エラー [作成課] (/division) 必須の項目がありません`);
    expect(r.status).toBe(1);
  });

  it("a value typed below the last row of a list: more items than the form allows", async () => {
    const last = await cellOfPath(["projects", 59, "name"]);
    const row = Number(/\d+$/.exec(last)?.[0]) + 1;
    const r = await importEdited({ [`事務事業!B${row}`]: "61件目の事業" });
    expect(r.stderr).toContain(`事務事業!B${row}: エラー`);
    expect(r.stderr).toContain("配下の事務事業は 60 件までです");
    expect(r.status).toBe(1);
  });

  it("a workbook of another layout version or another form is refused by name", async () => {
    const v = await importEdited({ "hyoka!B3": 99 });
    expect(v.stderr).toContain("レイアウト版 99 のワークブックです。この hyoka が読むのは版 1 です");
    expect(v.status).toBe(1);
    const f = await importEdited({ "hyoka!B2": "sheet-9" }, "en");
    expect(f.stderr).toContain('workbooks of the form "sheet-9" cannot be read');
    expect(f.status).toBe(1);
  });

  it("a grade not in the list and a kind of amount outside the suggestions", async () => {
    const grade = await cellOfPath(["results", "evaluation", "grades", 0, "grade"]);
    const kind = await cellOfPath(["budget", "years", 0, "amounts", 0, "kind"]);
    const r = await importEdited({ [grade]: "A1", [kind]: "補正後予算額" });
    expect(r.stderr).toContain(
      `${grade}: エラー [成果の説明 › 評価結果及びその評価区分とした理由 › 2011年度 › 評価区分]`,
    );
    expect(r.stderr).toContain("ヒント: Ⅰ・Ⅱ はローマ数字の1文字");
    // A kind of amount is offered, not enforced.
    expect(r.stderr).not.toContain(`${kind}:`);
  });

  it("an item typed in a later row after an empty one is read in its order", async () => {
    const second = await cellOfPath(["projects", 2, "name"]);
    const r = await importEdited({ [second]: "三行目の事業" });
    expect(r.status).toBe(0);
    const data = JSON.parse(readFileSync(path.join(r.dir, "data/2013/72302000.json"), "utf8"));
    expect(data.projects).toEqual([{ name: "区役所窓口サービス機能の再編" }, { name: "三行目の事業" }]);
  });

  it("a problem in an item after an empty row names the item as written and the cell as typed", async () => {
    const cell = await cellOfPath(["projects", 5, "achievement"]);
    const name = await cellOfPath(["projects", 5, "name"]);
    const r = await importEdited({ [cell]: "達成" });
    expect(r.stderr).toContain(
      `${name}: エラー [配下の事務事業(2件目) › 事務事業名] (/projects/1/name) 必須の項目がありません`,
    );
  });
});

describe("hyoka import: writing", () => {
  it("never replaces an existing file without --force, and with --force only a valid sheet", async () => {
    const dir = tempDir();
    const good = path.join(dir, "good.xlsx");
    writeFileSync(good, await exportBytes(seedData()));
    const target = path.join(dir, "data/2013/72302000.json");
    const first = runCli(["import", good, "--out", path.join(dir, "data")]);
    expect(first.status).toBe(0);
    writeFileSync(target, "mine");
    const second = runCli(["import", good, "--out", path.join(dir, "data")]);
    expect(second.stderr).toContain("既にあります。上書きしません(上書きするには --force)");
    expect(second.status).toBe(1);
    expect(readFileSync(target, "utf8")).toBe("mine");
    const bad = path.join(dir, "bad.xlsx");
    const division = await cellOfPath(["division"]);
    writeFileSync(bad, await editWorkbook(await exportBytes(seedData()), { [division]: null }));
    const forcedBad = runCli(["import", bad, "--out", path.join(dir, "data"), "--force"]);
    expect(forcedBad.status).toBe(1);
    expect(readFileSync(target, "utf8")).toBe("mine");
    const forced = runCli(["import", good, "--out", path.join(dir, "data"), "--force"]);
    expect(forced.status).toBe(0);
    expect(readFileSync(target, "utf8")).toBe(seedText());
  });

  it("refuses both of two workbooks for the same year and code", async () => {
    const dir = tempDir();
    for (const name of ["a.xlsx", "b.xlsx"])
      writeFileSync(path.join(dir, name), await exportBytes(seedData()));
    const r = runCli(["import", "a.xlsx", "b.xlsx", "--out", "data"], { cwd: dir });
    expect(r.stderr).toContain("のワークブックが複数あります: a.xlsx, b.xlsx");
    expect(r.status).toBe(1);
    expect(existsSync(path.join(dir, "data/2013/72302000.json"))).toBe(false);
    // With --json, each refusal is a diagnostic line of its own, then the result.
    const json = runCli(["import", "a.xlsx", "b.xlsx", "--out", "data", "--json", "--lang", "en"], {
      cwd: dir,
    });
    const lines = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.code === "duplicate-workbook").map((l) => [l.file, l.severity])).toEqual([
      ["a.xlsx", "error"],
      ["b.xlsx", "error"],
    ]);
    expect(lines.at(-1)).toMatchObject({ failed: 2 });
    expect(json.status).toBe(1);
  });

  it("says a refused overwrite as a diagnostic with --json (export and import alike)", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.xlsx"), await exportBytes(seedData()));
    const target = path.join(dir, "data/2013/72302000.json");
    expect(runCli(["import", "a.xlsx", "--out", "data"], { cwd: dir }).status).toBe(0);
    const again = runCli(["import", "a.xlsx", "--out", "data", "--json"], { cwd: dir });
    const written = again.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(written[0]).toMatchObject({ code: "write-failed", file: "a.xlsx", severity: "error" });
    expect(again.status).toBe(1);
    const exported = runCli(["export", target, "--out", "xl"], { cwd: dir });
    expect(exported.status).toBe(0);
    const exportedAgain = runCli(["export", target, "--out", "xl", "--json"], { cwd: dir });
    const lines = exportedAgain.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ code: "write-failed", severity: "error" });
    expect(exportedAgain.status).toBe(1);
  });
});
