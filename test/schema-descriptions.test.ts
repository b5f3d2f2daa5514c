/**
 * Every property of the committed JSON Schemas carries a description: VS Code shows it while staff type (the
 * title alone is the form's label, which does not say what to write or in which shape).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

type Node = Record<string, unknown>;

/** The paths of the properties without a description, anywhere in `node` (nested objects, items, unions). */
function undescribed(node: unknown, at = ""): string[] {
  if (node === null || typeof node !== "object") return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => undescribed(n, `${at}/${i}`));
  const missing: string[] = [];
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === "properties" && value && typeof value === "object") {
      for (const [name, prop] of Object.entries(value as Node)) {
        if (typeof (prop as Node).description !== "string" || (prop as Node).description === "")
          missing.push(`${at}/${name}`);
        missing.push(...undescribed(prop, `${at}/${name}`));
      }
    } else if (key !== "defaultSnippets" && key !== "examples") missing.push(...undescribed(value, `${at}`));
  }
  return missing;
}

describe("schemas/*.schema.json", () => {
  // The schemas of what people write (sheets, hyoka.config.json); report.schema.json describes what hyoka writes.
  const files = readdirSync(path.join(ROOT, "schemas")).filter(
    (f) => f.endsWith(".schema.json") && f !== "report.schema.json",
  );

  it("are there", () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of files)
    it(`${file}: every property has a description`, () => {
      const schema = JSON.parse(readFileSync(path.join(ROOT, "schemas", file), "utf8"));
      expect(undescribed(schema)).toEqual([]);
    });

  it("offers editors snippets for a text block, an indicator and a budget year", () => {
    const text = readFileSync(path.join(ROOT, "schemas/sheet-1.schema.json"), "utf8");
    const labels = [...text.matchAll(/"label": "([^"]+)"/g)].map((m) => m[1]);
    expect(labels).toEqual(expect.arrayContaining(["前文と箇条書き", "参考指標", "事業費の年度"]));
  });
});
