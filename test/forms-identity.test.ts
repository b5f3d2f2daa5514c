/**
 * Each form's declared identity pointers (templates/<id>/form.json), which a build's main thread reads to refuse
 * duplicates before any rendering, name the same year and code as the form's identify().
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { atPointer, identityPointers, peekIdentity } from "../src/forms/identity-hint.js";
import { FormRegistry } from "../src/forms/registry.js";
import { ROOT, seedData } from "./helpers.js";

describe("identity pointers", () => {
  it("agree with identify() for the seed", async () => {
    const registry = await FormRegistry.load();
    const seed = seedData();
    const form = registry.get(seed.form as string);
    expect(form).toBeDefined();
    const identity = form?.identify(form.derive(form.schema.parse(seed)));
    expect(peekIdentity(seed)).toEqual({
      formId: identity?.formId,
      year: identity?.year,
      code: identity?.code,
    });
  });

  it("agree with identify() for every example in data/, whatever its form", async () => {
    const registry = await FormRegistry.load();
    const files = readdirSync(path.join(ROOT, "data"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".json"))
      .sort();
    const forms = new Set<string>();
    for (const file of files) {
      const raw = JSON.parse(readFileSync(path.join(ROOT, "data", file), "utf8"));
      const form = registry.get(raw.form);
      if (!form) throw new Error(`${file}: unknown form ${raw.form}`);
      forms.add(form.id);
      const identity = form.identify(form.derive(form.schema.parse(raw)));
      expect(peekIdentity(raw), file).toEqual({
        formId: identity.formId,
        year: identity.year,
        code: identity.code,
      });
    }
    expect([...forms].sort()).toEqual(registry.ids());
  });

  it("are declared by every form", async () => {
    const registry = await FormRegistry.load();
    for (const id of registry.ids()) expect(identityPointers(id), id).toBeDefined();
  });

  it("read own properties only, and say nothing for data that does not name them", () => {
    expect(atPointer({ a: { "b/c": 1 } }, "/a/b~1c")).toBe(1);
    expect(atPointer({}, "/constructor")).toBeUndefined();
    expect(atPointer({}, "/__proto__")).toBeUndefined();
    expect(peekIdentity({ form: "sheet-1", evaluationYear: "2013", measure: { code: "1" } })).toBeUndefined();
    expect(peekIdentity({ form: "../etc", evaluationYear: 2013 })).toBeUndefined();
    expect(peekIdentity(null)).toBeUndefined();
  });
});
