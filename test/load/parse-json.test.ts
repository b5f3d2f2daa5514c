import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isProblem,
  MAX_DEPTH,
  type ParsedJson,
  parseJson,
  parseWithPositions,
  positionAt,
} from "../../src/load/parse-json.js";

function ok(text: string): ParsedJson {
  const result = parseJson(text);
  if (isProblem(result)) throw new Error(`unexpected problem: ${result.message.en}`);
  return result;
}

function problem(text: string) {
  const result = parseJson(text);
  if (!isProblem(result)) throw new Error("expected a problem");
  return result;
}

describe("parseJson", () => {
  it("reports a trailing comma with its place and a hint", () => {
    const p = problem('{\n  "a": 1,\n}');
    expect(p.code).toBe("json-syntax");
    expect(p.position).toEqual({ line: 3, column: 1 });
    expect(p.hint?.ja).toContain("カンマ");
  });

  it("reports truncated input", () => {
    const p = problem('{"a": [1, 2');
    expect(p.code).toBe("json-syntax");
    expect(p.position).toEqual({ line: 1, column: 12 });
    expect(p.message.ja).toContain("途中でファイルが終わっています");
    expect(problem('{"a": "unterminated}').message.en).toContain("ends too early");
  });

  it("reports an empty file", () => {
    expect(problem("").code).toBe("json-empty");
    expect(problem("  \n ").code).toBe("json-empty");
  });

  it("hints at full-width digits used as a number", () => {
    const p = problem('{"a": １２}');
    expect(p.position).toEqual({ line: 1, column: 7 });
    expect(p.hint?.ja).toContain("全角");
  });

  it("counts lines the same with CRLF line ends", () => {
    const parsed = ok('{\r\n  "a": 1,\r\n  "b": "x"\r\n}');
    expect(parsed.locate(["b"])).toEqual({ line: 3, column: 8 });
    expect(parsed.locateKey(["b"])).toEqual({ line: 3, column: 3 });
  });

  it("reports a duplicate key with both positions and keeps the first value", () => {
    const parsed = ok('{"a": 1,\n "a": 2}');
    expect(parsed.value).toEqual({ a: 1 });
    expect(parsed.problems).toHaveLength(1);
    const [dup] = parsed.problems;
    expect(dup?.code).toBe("json-duplicate-key");
    expect(dup?.position).toEqual({ line: 2, column: 2 });
    expect(dup?.message.ja).toContain("1行2列");
    expect(dup?.message.ja).toContain("2行2列");
  });

  it("rejects __proto__, constructor and prototype keys and leaves Object.prototype untouched", () => {
    const parsed = ok('{"__proto__": {"polluted": true}, "a": {"constructor": {"prototype": {"x": 1}}}}');
    expect(parsed.problems.map((p) => p.code)).toEqual(["json-forbidden-key", "json-forbidden-key"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(Object.keys(parsed.value as object)).toEqual(["a"]);
  });

  it("refuses deep nesting before parsing, without a stack overflow", () => {
    const p = problem(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(p.code).toBe("json-depth");
    expect(p.position.column).toBe(MAX_DEPTH + 1);
    expect(ok(`${"[".repeat(MAX_DEPTH)}${"]".repeat(MAX_DEPTH)}`).problems).toEqual([]);
  });

  it("ignores brackets inside strings when measuring depth", () => {
    expect(ok(JSON.stringify({ a: "[".repeat(1000) })).problems).toEqual([]);
  });

  it("reports numbers too large to be finite", () => {
    const parsed = ok('{"a": 1e400}');
    expect(parsed.problems[0]?.code).toBe("json-number-range");
  });

  it("normalises decomposed (NFD) text to NFC", () => {
    const nfd = "か\u3099"; // か + combining dakuten = が
    const parsed = ok(JSON.stringify({ a: nfd }));
    expect((parsed.value as { a: string }).a).toBe("が");
  });

  it("locates a missing path at its nearest parent", () => {
    const parsed = ok('{\n "a": {\n  "b": 1\n }\n}');
    expect(parsed.locate(["a", "missing"])).toEqual({ line: 2, column: 7 });
  });

  it("reports a key given twice once in NFC and once decomposed (NFD)", () => {
    const parsed = ok('{"\u304c": 1, "\u304b\u3099": 2}');
    expect(parsed.value).toEqual({ が: 1 });
    expect(parsed.problems.map((p) => p.code)).toEqual(["json-duplicate-key"]);
  });

  it("reports a duplicate key inside an array of objects, where colons in strings do not count", () => {
    const parsed = ok('{"a": [{"x": "1:2"}, {"y": 1, "y": 2}], "b": ":"}');
    expect(parsed.problems.map((p) => p.pointer)).toEqual(["/a/1/y"]);
  });

  it("finds the positions of a sheet without problems when they are asked for", () => {
    const parsed = ok('{\n "a": [\n  {"b": 1}\n ]\n}');
    expect(parsed.problems).toEqual([]);
    expect(parsed.locate(["a", 0, "b"])).toEqual({ line: 3, column: 9 });
    expect(parsed.locateKey(["a"])).toEqual({ line: 2, column: 2 });
  });

  it("gives the same value and problems as the parser with positions, for any JSON", () => {
    const key = fc.oneof(
      fc.constantFrom("a", "b", "\u304c", "\u304b\u3099", "__proto__", "constructor", "1", "0"),
      fc.string({ maxLength: 4 }),
    );
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: "small" },
        fc.oneof(fc.string({ unit: "grapheme", maxLength: 6 }), fc.constantFrom("か\u3099", ":", '"{:}"')),
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
        fc.constantFrom(true, false, null),
        fc.array(tie("any"), { maxLength: 3 }),
        tie("object"),
      ),
      // Objects written as member lists, so that keys can repeat.
      object: fc.array(fc.tuple(key, tie("any")), { maxLength: 4 }),
    })).any;
    const write = (v: unknown): string => {
      if (Array.isArray(v) && v.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === "string"))
        return `{${v.map(([k, m]) => `${JSON.stringify(k)}: ${write(m)}`).join(",\n")}}`;
      if (Array.isArray(v)) return `[${v.map(write).join(", ")}]`;
      return JSON.stringify(v);
    };
    fc.assert(
      fc.property(value, fc.boolean(), (v, big) => {
        const text = big ? write(v).replace(/(\d)\b/, "$1e400") : write(v);
        const fast = parseJson(text);
        const slow = parseWithPositions(text);
        expect(isProblem(fast)).toBe(isProblem(slow));
        if (isProblem(fast) || isProblem(slow)) return;
        expect(fast.value).toStrictEqual(slow.value);
        expect(Object.keys(fast.value ?? {})).toEqual(Object.keys(slow.value ?? {}));
        expect(fast.problems).toEqual(slow.problems);
        expect(fast.locate([])).toEqual(slow.locate([]));
      }),
      { numRuns: 500 },
    );
  });

  it("computes positions from offsets", () => {
    expect(positionAt("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
