import { describe, expect, it } from "vitest";
import { isProblem, MAX_DEPTH, type ParsedJson, parseJson, positionAt } from "../../src/load/parse-json.js";

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

  it("computes positions from offsets", () => {
    expect(positionAt("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
