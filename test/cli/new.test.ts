/**
 * `hyoka new`: an empty sheet with every field of the form in the form's order, which validate reports field by
 * field as "to fill in" (never silently valid), written only where no file is.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "../helpers.js";

type Json = Record<string, unknown>;

/** Every key path of `value`, in its order (array elements as `[]`). */
function keyPaths(value: unknown, at = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${at}[]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Json).flatMap(([k, v]) => [`${at}/${k}`, ...keyPaths(v, `${at}/${k}`)]);
}

/** Every property path the JSON Schema names, in its order. */
function schemaPaths(schema: Json, at = ""): string[] {
  const out: string[] = [];
  const visit = (node: unknown, here: string) => {
    if (!node || typeof node !== "object") return;
    const n = node as Json;
    if (n.properties)
      for (const [k, v] of Object.entries(n.properties as Json)) {
        out.push(`${here}/${k}`);
        visit(v, `${here}/${k}`);
      }
    if (n.items) visit(n.items, `${here}[]`);
    // A number that may be a text: its branches hold no properties.
  };
  visit(schema, at);
  return out;
}

/** The leaves of a skeleton: where a value is to be written. */
function leaves(value: unknown, at = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${at}/${i}`));
  if (value !== null && typeof value === "object")
    return Object.entries(value as Json).flatMap(([k, v]) => leaves(v, `${at}/${k}`));
  return value === "" || value === null ? [at] : [];
}

describe("hyoka new", () => {
  it("writes every field of the form, in the form's order, with $schema, and validate lists each to fill in", () => {
    const dir = tempDir();
    const made = runCli(["new", "12345678", "--year", "2014"], { cwd: dir });
    expect(made.status).toBe(0);
    expect(made.stdout).toContain("data/2014/12345678.json");
    const file = path.join(dir, "data/2014/12345678.json");
    const sheet = JSON.parse(readFileSync(file, "utf8")) as Json;
    expect(Object.keys(sheet)[0]).toBe("$schema");
    // The schema is found from the file, as an editor finds it.
    const schemaFile = path.resolve(path.dirname(file), sheet.$schema as string);
    expect(schemaFile).toBe(path.join(ROOT, "schemas/sheet-1.schema.json"));
    const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Json;
    expect(keyPaths(sheet)).toEqual(schemaPaths(schema));
    expect(sheet.evaluationYear).toBe(2014);
    expect((sheet.measure as Json).code).toBe("12345678");

    const checked = runCli(["validate", "data/2014/12345678.json"], { cwd: dir });
    expect(checked.status).toBe(1);
    const errors = checked.stderr.split("\n").filter((l) => l.includes(": エラー "));
    const toFill = leaves(sheet).filter((p) => p !== "/$schema");
    expect(errors).toHaveLength(toFill.length);
    for (const line of errors) {
      expect(line).toContain("記入してください");
      expect(line).toMatch(/\[[^\]]+\]/); // the field's label
    }
    for (const pointer of toFill) expect(checked.stderr).toContain(`(${pointer})`);
    expect(checked.stderr).toContain("[施策課題 › 名称] (/measure/name) 記入してください");

    const en = runCli(["validate", "data/2014/12345678.json", "--lang", "en"], { cwd: dir });
    expect(en.stderr).toContain("[Measure › Name] (/measure/name) fill this in");
  });

  it("never replaces a file, nor writes through a link by that name", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "data/2014"), { recursive: true });
    const file = path.join(dir, "data/2014/12345678.json");
    writeFileSync(file, "mine\n");
    const again = runCli(["new", "12345678", "--year", "2014"], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("上書きしません");
    expect(readFileSync(file, "utf8")).toBe("mine\n");

    const target = path.join(dir, "elsewhere.json");
    symlinkSync(target, path.join(dir, "data/2014/12345679.json"));
    expect(runCli(["new", "12345679", "--year", "2014"], { cwd: dir }).status).toBe(1);
    expect(existsSync(target)).toBe(false);
  });

  it("names the file as the form names its outputs: both forms of one measure side by side", () => {
    const dir = tempDir();
    const first = runCli(["new", "12345678", "--year", "2014"], { cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    const second = runCli(["new", "12345678", "--year", "2014", "--form", "sheet-2"], { cwd: dir });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("data/2014/12345678-2.json");
    const one = JSON.parse(readFileSync(path.join(dir, "data/2014/12345678.json"), "utf8")) as Json;
    const two = JSON.parse(readFileSync(path.join(dir, "data/2014/12345678-2.json"), "utf8")) as Json;
    expect(one.form ?? "sheet-1").toBe("sheet-1");
    expect(two.form).toBe("sheet-2");
    expect(path.resolve(dir, "data/2014", two.$schema as string)).toBe(
      path.join(ROOT, "schemas/sheet-2.schema.json"),
    );
    // As `hyoka import` and the data folder name them (data/2007/62401000-2.json).
    expect(existsSync(path.join(ROOT, "data/2007/62401000-2.json"))).toBe(true);
    // The second is still never replaced.
    const again = runCli(["new", "12345678", "--year", "2014", "--form", "sheet-2"], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("12345678-2.json は既にあります");
  });

  it("takes another data folder, and refuses a code the form or a file name cannot take", () => {
    const dir = tempDir();
    expect(runCli(["new", "12345678", "--year", "2014", "--data", "sheets"], { cwd: dir }).status).toBe(0);
    expect(existsSync(path.join(dir, "sheets/2014/12345678.json"))).toBe(true);
    const short = runCli(["new", "1234", "--year", "2014"], { cwd: dir });
    expect(short.status).toBe(2);
    expect(short.stderr).toContain("8桁の数字");
    const outside = runCli(["new", "../12345678", "--year", "2014"], { cwd: dir });
    expect(outside.status).toBe(2);
    expect(runCli(["new", "12345678"], { cwd: dir }).status).toBe(2);
    expect(runCli(["new", "12345678", "--year", "2014", "--form", "nope"], { cwd: dir }).status).toBe(2);
  });
});
