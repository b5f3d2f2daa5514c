/** showPath: file names never reach the terminal with controls, escapes or bidi overrides in them. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printDiscoveryErrors, printSkipped } from "../../src/report/console.js";
import { hasUnsafeCharacters, showPath } from "../../src/report/escape.js";

/** Whether `s` holds a code unit showPath must never let through raw (checked by number, not by its pattern). */
function hasRawUnsafe(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
    if (c === 0x61c || (c >= 0x200b && c <= 0x200f) || c === 0x2028 || c === 0x2029 || c === 0xfeff)
      return true;
    if (c >= 0x2060 && c <= 0x2069) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Strings of UTF-16 code units, weighted towards the ranges that matter here (fast-check's "binary" strings are slow). */
const codeUnits = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xff }),
      fc.integer({ min: 0x2000, max: 0x206f }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.integer({ min: 0, max: 0xffff }),
    ),
    { maxLength: 40 },
  )
  .map((units) => String.fromCharCode(...units));

describe("showPath", () => {
  it("escapes terminal controls and bidi overrides", () => {
    expect(showPath("data/\u001b[31mred.json")).toBe("data/\\u001b[31mred.json");
    expect(showPath("a\nb\r\t.json")).toBe("a\\u000ab\\u000d\\u0009.json");
    expect(showPath("x\u007f\u009b.json")).toBe("x\\u007f\\u009b.json");
    expect(showPath("evil\u202enosj.exe")).toBe("evil\\u202enosj.exe");
    expect(showPath("a\u2066b\u2069\u2028.json")).toBe("a\\u2066b\\u2069\\u2028.json");
    expect(showPath("lone\ud800.json")).toBe("lone\\ud800.json");
    expect(showPath("lone\udc00.json")).toBe("lone\\udc00.json");
  });

  it("leaves Japanese, emoji and ordinary punctuation alone", () => {
    for (const name of [
      "data/2013/72302000.json",
      "データ/令和5年度/評価票①.json",
      "a 😀 b.json",
      "C:\\x\\y.json",
    ])
      expect(showPath(name)).toBe(name);
    expect(hasUnsafeCharacters("評価票.json")).toBe(false);
    expect(hasUnsafeCharacters("a\u001b.json")).toBe(true);
  });

  it("never lets a raw unsafe character through, for any string", () => {
    fc.assert(
      fc.property(codeUnits, (name) => {
        expect(hasRawUnsafe(showPath(name))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("changes nothing in a name without unsafe characters", () => {
    const safe = fc
      .oneof(fc.string({ unit: "grapheme", maxLength: 30 }), codeUnits)
      .filter((s) => !hasRawUnsafe(s));
    fc.assert(
      fc.property(safe, (name) => {
        expect(showPath(name)).toBe(name);
        expect(hasUnsafeCharacters(name)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps distinct names distinct when neither holds a backslash", () => {
    const noBackslash = codeUnits.filter((s) => !s.includes("\\"));
    fc.assert(
      fc.property(noBackslash, noBackslash, (a, b) => {
        fc.pre(a !== b);
        expect(showPath(a)).not.toBe(showPath(b));
      }),
    );
  });
});

describe("the console's lists of skipped files and discovery errors", () => {
  it("show file names escaped", () => {
    const lines: string[] = [];
    const output = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const reason = { ja: "理由", en: "reason" };
    printSkipped(output, [{ file: "data/\u001b]0;pwned\u0007x.JSON", reason }], "ja");
    printDiscoveryErrors(output, [{ file: "\u202egnp.json", reason }], "en");
    expect(lines).toEqual([
      "data/\\u001b]0;pwned\\u0007x.JSON: 読み飛ばし: 理由",
      "\\u202egnp.json: error: reason",
    ]);
    for (const line of lines) expect(hasRawUnsafe(line)).toBe(false);
  });
});
