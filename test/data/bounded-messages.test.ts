/**
 * Messages for one file are bounded: the validator names the first 20 unknown keys of an object and counts
 * the rest, a sheet carries at most 200 diagnostics and then one that counts the rest, and the terminal shows
 * at most 50 per file and then one line with the count left. A file with 70,000 unknown keys prints a few kB.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Diagnostic, hasErrors } from "../../src/diagnostics.js";
import { FormRegistry } from "../../src/forms/registry.js";
import { isProblem, parseJson } from "../../src/load/parse-json.js";
import { MAX_PRINTED_PER_FILE, type Output, printDiagnostics } from "../../src/report/console.js";
import { MAX_DIAGNOSTICS, MAX_UNKNOWN_KEYS, validateSheet } from "../../src/validate/validate-sheet.js";
import { runCli, seedData, tempDir } from "../helpers.js";

let registry: FormRegistry;
beforeAll(async () => {
  registry = await FormRegistry.load();
});

function check(text: string): { ok: boolean; diagnostics: Diagnostic[] } {
  const json = parseJson(text);
  if (isProblem(json)) throw new Error(json.message.en);
  return validateSheet(registry, { file: "t.json", bytes: Buffer.from(text), json }, "ja");
}

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
}

/** The seed with `count` unknown keys `u0`, `u1`, … at its top level, one per line. */
function withUnknownKeys(count: number): string {
  const data = seedData();
  for (let i = 0; i < count; i++) data[`u${i}`] = 0;
  return JSON.stringify(data, null, 1);
}

/** The seed with `count` projects, each with one unknown key: one diagnostic per project. */
function withBadProjects(count: number): string {
  const data = seedData();
  data.projects = Array.from({ length: count }, (_, i) => ({ name: `事業${i}`, colour: "red" }));
  return JSON.stringify(data, null, 2);
}

/**
 * The seed with 240 problems: 20 bullet items that are numbers in each of the 7 text blocks, 60 projects and
 * 40 glossary entries with an unknown key each.
 */
function withManyProblems(): string {
  const data = seedData();
  const numbers = { items: Array.from({ length: 20 }, (_, i) => i) };
  data.overview = { problems: numbers, outline: numbers, targets: numbers };
  const results = data.results as { evaluation: Record<string, unknown> };
  data.results = { ...results, achievements: numbers, remainingIssues: numbers };
  results.evaluation.reason = numbers;
  data.futureDirection = numbers;
  data.projects = Array.from({ length: 60 }, (_, i) => ({ name: `事業${i}`, colour: "red" }));
  data.glossary = Array.from({ length: 40 }, (_, i) => ({
    term: `用語${i}`,
    explanation: "説明",
    colour: 1,
  }));
  return JSON.stringify(data, null, 2);
}

describe("the validator's bounds", () => {
  it(`names the first ${MAX_UNKNOWN_KEYS} unknown keys of an object and counts the rest in one diagnostic`, () => {
    const { ok, diagnostics } = check(withUnknownKeys(70_000));
    expect(ok).toBe(false);
    expect(diagnostics).toHaveLength(MAX_UNKNOWN_KEYS + 1);
    expect(diagnostics[0]?.message).toBe('不明な項目 "u0" があります');
    expect(diagnostics[MAX_UNKNOWN_KEYS - 1]?.message).toBe(
      `不明な項目 "u${MAX_UNKNOWN_KEYS - 1}" があります`,
    );
    const last = diagnostics.at(-1);
    expect(last?.message).toBe(`ほかに不明な項目が ${70_000 - MAX_UNKNOWN_KEYS} 件あります(全部で 70000 件)`);
    expect(last?.severity).toBe("error");
    expect(last?.line).toBe(1);
  });

  it(`keeps at most ${MAX_DIAGNOSTICS} diagnostics per sheet, then one that counts the rest`, () => {
    const { ok, diagnostics } = check(withManyProblems());
    expect(ok).toBe(false);
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(diagnostics.at(-1)).toMatchObject({
      severity: "error",
      code: "too-many-problems",
      file: "t.json",
      message: "ほかに 40 件の問題があります(最初の 200 件だけを挙げました。まず上の誤りを直してください)",
    });
    expect(hasErrors(diagnostics)).toBe(true);
  });
});

describe("printDiagnostics", () => {
  it(`prints the first ${MAX_PRINTED_PER_FILE} of a file in order, then the count left`, () => {
    const { diagnostics } = check(withBadProjects(60));
    expect(diagnostics).toHaveLength(60);
    const ja = capture();
    printDiagnostics(ja, diagnostics, "ja");
    expect(ja.lines).toHaveLength(MAX_PRINTED_PER_FILE + 1);
    expect(ja.lines[0]).toContain("[配下の事務事業(1件目)] (/projects/0/colour)");
    expect(ja.lines[MAX_PRINTED_PER_FILE - 1]).toContain("(/projects/49/colour)");
    expect(ja.lines.at(-1)).toBe(
      "t.json: …ほか 10 件(最初の 50 件だけ表示しました。まず上の誤りを直してください)",
    );
    const en = capture();
    printDiagnostics(en, diagnostics, "en");
    expect(en.lines.at(-1)).toBe("t.json: … and 10 more (only the first 50 shown; fix these first)");
  });

  it("counts per file: another file's diagnostics are printed in full", () => {
    const { diagnostics } = check(withBadProjects(60));
    const other = diagnostics.slice(0, 3).map((d) => ({ ...d, file: "u.json" }));
    const out = capture();
    printDiagnostics(out, [...diagnostics, ...other], "ja");
    expect(out.lines.filter((l) => l.startsWith("u.json:"))).toHaveLength(3);
    expect(out.lines.filter((l) => l.startsWith("t.json:"))).toHaveLength(MAX_PRINTED_PER_FILE + 1);
  });

  it("leaves a short list as it was", () => {
    const { diagnostics } = check(withBadProjects(2));
    const out = capture();
    printDiagnostics(out, diagnostics, "ja");
    expect(out.lines).toHaveLength(2);
  });
});

describe("hyoka validate on a file with 70,000 unknown keys", () => {
  it("prints a few kB, says how many more, and exits 1", () => {
    const dir = tempDir("hyoka-bounded-");
    const text = withUnknownKeys(70_000);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    writeFileSync(path.join(dir, "sheet.json"), text);
    const r = runCli(["validate", "sheet.json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr)).toBeLessThan(20_000);
    expect(r.stderr).toContain(`ほかに不明な項目が ${70_000 - MAX_UNKNOWN_KEYS} 件あります(全部で 70000 件)`);
    expect(r.stdout).toContain("0 件が有効、1 件が無効です");
  });
});
