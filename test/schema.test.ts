/** The committed JSON Schema is what `npm run schema` would write now; data files point at it. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONFIG_SCHEMA_FILE,
  configSchemaText,
  jsonSchemaText,
  schemaFileName,
} from "../src/forms/json-schema.js";
import { FormRegistry } from "../src/forms/registry.js";
import { ROOT, seedData } from "./helpers.js";

describe("generated JSON Schema", async () => {
  const registry = await FormRegistry.load();
  for (const form of registry.all()) {
    it(`${schemaFileName(form)} is up to date (run npm run schema)`, () => {
      const committed = readFileSync(path.join(ROOT, schemaFileName(form)), "utf8");
      expect(committed).toBe(jsonSchemaText(form));
    });
  }

  it(`${CONFIG_SCHEMA_FILE} is up to date (run npm run schema)`, () => {
    expect(readFileSync(path.join(ROOT, CONFIG_SCHEMA_FILE), "utf8")).toBe(configSchemaText());
  });

  it("is referenced by the data files", () => {
    expect(seedData().$schema).toBe("../../schemas/sheet-1.schema.json");
  });

  it("carries the form's labels for editors", () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, "schemas/sheet-1.schema.json"), "utf8"));
    expect(schema.properties.division.title).toBe("作成課");
    expect(schema.additionalProperties).toBe(false);
  });
});
