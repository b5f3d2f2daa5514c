/**
 * The JSON Schema editors check with (`schemas/sheet-1.schema.json`, generated from the zod schema) agrees with the
 * zod schema `validate` runs, wherever JSON Schema can say it: it never refuses a sheet zod accepts, and it refuses
 * every sheet zod refuses for a reason JSON Schema can express (a type, a bound, a pattern, an unknown key, an
 * enum). Rules across fields (years inside the plan, ascending years) and rules about characters are zod's alone.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import form from "../../templates/sheet-1/index.js";
import { ROOT, seedData } from "../helpers.js";
import { edgeSheet } from "./edge-sheets.js";

const jsonSchema = JSON.parse(readFileSync(path.join(ROOT, "schemas/sheet-1.schema.json"), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
const check = ajv.compile(jsonSchema);

/** zod issues a JSON Schema can express; custom issues are zod's own, but for the ones mirrored in the schema. */
const EXPRESSIBLE_CODES = new Set([
  "invalid_type",
  "too_big",
  "too_small",
  "invalid_format",
  "unrecognized_keys",
]);
const MIRRORED_CUSTOM_KEYS = new Set(["number-too-small"]);

function expressible(issue: z.core.$ZodIssue): boolean {
  if (EXPRESSIBLE_CODES.has(issue.code)) return true;
  if (issue.code === "invalid_value") return true;
  if (issue.code === "custom")
    return MIRRORED_CUSTOM_KEYS.has(String((issue.params as { key?: unknown })?.key));
  return false;
}

function agree(value: unknown): void {
  const zod = form.schema.safeParse(value);
  const valid = check(value);
  if (zod.success) {
    expect(valid, JSON.stringify(check.errors?.slice(0, 3))).toBe(true);
    return;
  }
  const shown = zod.error.issues.filter(expressible);
  if (shown.length > 0) expect(valid, JSON.stringify(shown.slice(0, 3))).toBe(false);
}

type Path = (string | number)[];

function leaves(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...prefix, i]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  return [prefix];
}

function setAt(data: unknown, at: Path, replacement: unknown): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const seg of at.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  parent[at[at.length - 1] as string | number] = replacement;
  return copy;
}

describe("the JSON Schema agrees with the zod schema", () => {
  it("on the seed, and the seed with one value replaced by anything", () => {
    const seed = seedData();
    agree(seed);
    const replacement = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.string({ maxLength: 30 }),
      fc.constantFrom("", " ", "1,234", "AⅠ", "大きいほどよい", 1e-7, 1e16, -1, 0.5, "20131", "7230200"),
    );
    fc.assert(
      fc.property(fc.constantFrom(...leaves(seed)), replacement, (at, value) => {
        agree(setAt(seed, at, value));
      }),
      { numRuns: 2000, seed: 20261203 },
    );
  });

  it("on generated sheets at the schema's edges", () => {
    fc.assert(fc.property(edgeSheet(), agree), { numRuns: 200, seed: 20261203 });
  });
});
