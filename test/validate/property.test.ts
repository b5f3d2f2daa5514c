/** Property tests: whatever staff do to a sheet, the validator never crashes and always says where. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { FormRegistry } from "../../src/forms/registry.js";
import { isProblem, parseJson } from "../../src/load/parse-json.js";
import { validateSheet } from "../../src/validate/validate-sheet.js";
import { seedData } from "../helpers.js";

let registry: FormRegistry;
beforeAll(async () => {
  registry = await FormRegistry.load();
});

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const SEED = seedData();
const SEED_PATHS = paths(SEED).filter((p) => p.length > 0);

type Mutation =
  | { kind: "replace"; path: Path; value: unknown }
  | { kind: "delete"; path: Path }
  | { kind: "add"; path: Path; key: string; value: unknown };

function apply(data: unknown, m: Mutation): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  const parentPath = m.kind === "add" ? m.path : m.path.slice(0, -1);
  let parent: unknown = copy;
  for (const seg of parentPath) parent = (parent as Record<string | number, unknown>)?.[seg];
  if (!parent || typeof parent !== "object") return copy;
  const p = parent as Record<string | number, unknown>;
  const last = m.path[m.path.length - 1] as string | number;
  if (m.kind === "replace") p[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(p) && typeof last === "number") p.splice(last, 1);
    else delete p[last];
  } else if (!Array.isArray(p)) p[m.key] = m.value;
  return copy;
}

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom("326,331", "２０１３", "AI", "", " ", "=1+1", "__proto__"),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), path: fc.constantFrom(...SEED_PATHS), value: anyValue }),
  fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...SEED_PATHS) }),
  fc.record({
    kind: fc.constant("add" as const),
    path: fc.constantFrom(...paths(SEED)),
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "prototype")),
    value: anyValue,
  }),
);

describe("validator properties", () => {
  it("ends in a valid result or located errors, never a crash", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const data = mutations.reduce(apply, SEED as unknown);
        const text = JSON.stringify(data, null, 2);
        const json = parseJson(text);
        if (isProblem(json)) return; // only possible for odd keys; still a located problem
        const lineCount = text.split("\n").length;
        for (const lang of ["ja", "en"] as const) {
          const result = validateSheet(registry, { file: "m.json", bytes: Buffer.from(text), json }, lang);
          if (result.ok) {
            expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
            continue;
          }
          expect(result.diagnostics.length).toBeGreaterThan(0);
          for (const d of result.diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(lineCount);
            expect(d.column).toBeGreaterThanOrEqual(1);
            expect(d.message.length).toBeGreaterThan(0);
            expect(d.message).not.toMatch(/^hyoka:/);
          }
        }
      }),
      { numRuns: 400, seed: 20131 },
    );
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
