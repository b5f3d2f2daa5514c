/**
 * A form is a folder: src/ never names one (its id, or the fields its form.json points at), and what src/ reads
 * from a folder's form.json (identity pointers, the output suffix) is checked when it is read.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formFile } from "../../src/forms/identity-hint.js";
import { FormRegistry } from "../../src/forms/registry.js";
import { outputKey, recordedOutputPaths, sheetOutputPaths } from "../../src/pipeline/output-paths.js";
import { ROOT, tempDir } from "../helpers.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return /\.(ts|md|json)$/.test(d.name) ? [full] : [];
  });
}

describe("src/ names no form", () => {
  it("neither a form's id nor the fields its form.json points at", async () => {
    const registry = await FormRegistry.load();
    const words = registry.ids().flatMap((id) => {
      const declared = formFile(id);
      // A field as code would read it: `measure.code`, or a name no English comment uses (`evaluationYear`).
      const fields = declared
        ? [declared.identity.year, declared.identity.code].flatMap((pointer) => {
            const segments = pointer.split("/").filter((w) => w !== "");
            return [
              ...segments.filter((w) => /[a-z][A-Z]/.test(w)),
              ...(segments.length > 1 ? [segments.join(".")] : []),
            ];
          })
        : [];
      return [id, ...fields];
    });
    expect(words.length).toBeGreaterThan(1);
    const found: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, "src"))) {
      const text = readFileSync(file, "utf8");
      for (const word of words)
        if (new RegExp(`\\b${word.replace(/[-.]/g, "\\$&")}\\b`).test(text))
          found.push(`${path.relative(ROOT, file)}: ${word}`);
    }
    expect(found).toEqual([]);
  });
});

describe("form.json", () => {
  function folder(formJson: unknown): string {
    const dir = tempDir();
    mkdirSync(path.join(dir, "f"));
    writeFileSync(path.join(dir, "f", "form.json"), JSON.stringify(formJson));
    return dir;
  }
  const identity = { year: "/y", code: "/c" };

  it("declares an output suffix that a code's characters cannot run into", () => {
    expect(formFile("f", folder({ identity }))?.outputSuffix).toBe("");
    expect(formFile("f", folder({ identity, output: { suffix: "-2" } }))?.outputSuffix).toBe("-2");
    for (const suffix of ["2", "/x", "../x", "-2.pdf", " -2", 2, "-".repeat(17)])
      expect(formFile("f", folder({ identity, output: { suffix } })), String(suffix)).toBeUndefined();
  });

  it("is refused without identity pointers, or when it is not JSON", () => {
    expect(formFile("f", folder({ output: { suffix: "-2" } }))).toBeUndefined();
    const dir = folder({});
    writeFileSync(path.join(dir, "f", "form.json"), "{");
    expect(formFile("f", dir)).toBeUndefined();
  });
});

describe("output names", () => {
  it("keep the first form's names and differ between forms", async () => {
    const registry = await FormRegistry.load();
    const [first] = registry.ids();
    expect(first).toBeDefined();
    const identity = { formId: first as string, year: 2013, code: "72302000" };
    // The form without a suffix: `<year>/<code>.pdf`, as before forms were named in output paths.
    if (formFile(first as string)?.outputSuffix === "")
      expect(sheetOutputPaths(identity)).toEqual({ pdf: "2013/72302000.pdf", xlsx: "2013/72302000.xlsx" });
    const keys = new Set(registry.ids().map((formId) => outputKey({ ...identity, formId })));
    expect(keys.size).toBe(registry.ids().length);
  });

  it("that a manifest entry may list: its form's; without a form, the suffix-less names; an unknown form, none", () => {
    expect(recordedOutputPaths({ year: 2013, code: "1" })).toEqual(["2013/1.pdf", "2013/1.xlsx"]);
    expect(recordedOutputPaths({ form: "no-such-form", year: 2013, code: "1" })).toEqual([]);
    expect(() => sheetOutputPaths({ formId: "no-such-form", year: 2013, code: "1" })).toThrow();
  });
});
