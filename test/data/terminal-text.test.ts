/**
 * Keys and file names reach the terminal inside diagnostics: characters that steer a terminal (ESC, C0/C1
 * controls, DEL, bidi overrides and isolates, U+2028/2029, lone surrogates) are shown escaped, never sent raw,
 * and a very long key is cut short. report.json keeps the raw text (JSON escapes it).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Diagnostic, formatDiagnostic } from "../../src/diagnostics.js";
import { clipText, escapeForTerminal } from "../../src/report/terminal-text.js";
import { runCli, seedData, tempDir } from "../helpers.js";

/** Every character a terminal may act on, as the escaping must treat it. */
function isUnsafe(cp: number): boolean {
  return (
    (cp <= 0x1f && cp !== 0x09) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}

/** The UTF-16 code units that are unsafe, lone surrogates included. */
function unsafeUnits(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) {
      i++;
      continue;
    }
    if (isUnsafe(cp)) out.push(cp);
  }
  return out;
}

const DANGEROUS = [
  "\u001b",
  "\u0000",
  "\u0007",
  "\r",
  "\n",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u202e",
  "\u2066",
  "\u2069",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udfff",
];

describe("escapeForTerminal", () => {
  it("writes each dangerous character as \\uXXXX", () => {
    expect(escapeForTerminal("a\u001b[31mred")).toBe("a\\u001b[31mred");
    expect(escapeForTerminal("\u202eevil")).toBe("\\u202eevil");
    expect(escapeForTerminal("x\ny")).toBe("x\\u000ay");
    expect(escapeForTerminal("\u009b2J")).toBe("\\u009b2J");
    expect(escapeForTerminal("\ud800")).toBe("\\ud800");
    for (const ch of DANGEROUS)
      expect(unsafeUnits(escapeForTerminal(`a${ch}b`)), JSON.stringify(ch)).toEqual([]);
  });

  it("leaves printable text, tab, Japanese, emoji and surrogate pairs as they are", () => {
    for (const text of ["施策課題 › 名称", '不明な項目 "x" があります', "a\tb", "𠮷野", "😀", "AⅠ・AⅡ", ""])
      expect(escapeForTerminal(text)).toBe(text);
  });

  it("property: no unsafe character survives, whatever the input", () => {
    const unit = fc.oneof(
      fc.constantFrom(...DANGEROUS),
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
      fc.string({ unit: "grapheme", maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        expect(unsafeUnits(escapeForTerminal(parts.join("")))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: strings of printable characters, Japanese included, are unchanged", () => {
    const printable = fc
      .oneof(
        fc.integer({ min: 0x20, max: 0x7e }),
        fc.integer({ min: 0xa0, max: 0x5ff }),
        fc.integer({ min: 0x0900, max: 0x1fff }),
        fc.integer({ min: 0x3000, max: 0x9fff }),
        fc.integer({ min: 0xff01, max: 0xff65 }),
        fc.integer({ min: 0x20000, max: 0x2a6df }),
      )
      .map((cp) => String.fromCodePoint(cp));
    fc.assert(
      fc.property(fc.array(printable, { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(escapeForTerminal(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("clipText", () => {
  it("cuts a text of more than 80 characters and says how long it was", () => {
    const key = "k".repeat(100_000);
    expect(clipText(key, "ja")).toBe(`${"k".repeat(80)}…(100000 文字)`);
    expect(clipText(key, "en")).toBe(`${"k".repeat(80)}…(100000 characters)`);
    expect(clipText("あ".repeat(80), "ja")).toBe("あ".repeat(80));
    // Counted in characters: 80 characters outside the BMP are 160 code units and are not cut.
    expect(clipText("𠮷".repeat(80), "ja")).toBe("𠮷".repeat(80));
  });
});

describe("formatDiagnostic", () => {
  it("escapes the file, field, pointer, message and hint", () => {
    const d: Diagnostic = {
      severity: "error",
      code: "schema",
      file: "data/\u001b]0;x\u0007.json",
      line: 3,
      column: 5,
      field: "作成課 › \u202eabc",
      pointer: "/a\u001b[2J",
      message: '不明な項目 "\u001b[31m" があります',
      hint: "did you mean \u2028x",
    };
    const text = formatDiagnostic(d, "ja");
    expect(unsafeUnits(text.replace("\n    ヒント", ""))).toEqual([]);
    expect(text).toBe(
      'data/\\u001b]0;x\\u0007.json:3:5: エラー [作成課 › \\u202eabc] (/a\\u001b[2J) 不明な項目 "\\u001b[31m" があります\n    ヒント: did you mean \\u2028x',
    );
  });
});

describe("keys with control characters, through the CLI", () => {
  it("shows an unknown key holding ESC and a bidi override escaped, never raw", () => {
    const dir = tempDir("hyoka-escape-");
    const data = seedData();
    data.measure = { ...(data.measure as object), "\u001b[2J\u001b]0;pwned\u0007\u202ekey": 1 };
    writeFileSync(path.join(dir, "sheet.json"), JSON.stringify(data, null, 2));
    const r = runCli(["validate", "sheet.json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('不明な項目 "\\u001b[2J\\u001b]0;pwned\\u0007\\u202ekey" があります');
    expect(r.stderr).toContain("[施策課題] (/measure/\\u001b[2J\\u001b]0;pwned\\u0007\\u202ekey)");
    expect(unsafeUnits(r.stderr.replaceAll("\n", ""))).toEqual([]);
  });

  it("cuts a key of 100,000 characters short in the message and the pointer", () => {
    const dir = tempDir("hyoka-escape-");
    const data = seedData();
    data.measure = { ...(data.measure as object), ["k".repeat(100_000)]: 1 };
    writeFileSync(path.join(dir, "sheet.json"), JSON.stringify(data, null, 2));
    const r = runCli(["validate", "sheet.json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`不明な項目 "${"k".repeat(80)}…(100000 文字)" があります`);
    expect(r.stderr).toContain(`[施策課題] (/measure/${"k".repeat(80)}…(100000 文字))`);
    expect(r.stderr.length + r.stdout.length).toBeLessThan(2000);
  });

  it("shows a file name holding ESC escaped", () => {
    const dir = tempDir("hyoka-escape-");
    const name = "bad\u001b[31mname.json";
    writeFileSync(path.join(dir, name), "{ not json");
    const r = runCli(["validate", "*.json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad\\u001b[31mname.json");
    expect(r.stderr).not.toContain("\u001b");
  });
});
