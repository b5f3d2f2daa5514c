/**
 * Both forms of a year in one data folder, as `npm run gen -- --form both` writes them: the build makes every
 * sheet's outputs side by side (`<code>.pdf`, `<code>-2.pdf`), finds nothing to say across forms, and the book
 * prints each measure's 評価票(1) then its 評価表(2), its contents and bookmarks naming the form of each row.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { generateSheets, writeSheets } from "../../scripts/gen-lib.js";
import { type CompanionOf, companionSheet2 } from "../../scripts/gen-sheet-2.js";
import { runCli, tempDir } from "../helpers.js";

/** `npm run gen -- --form both --count 4 --seed 11`, in-process: the codes of 2013 with both forms. */
function bothForms(dir: string): string[] {
  const firsts = generateSheets({ count: 4, seed: 11, year: 2013 });
  const seconds = firsts.flatMap((s, i) => companionSheet2(s.data as CompanionOf, 11, i) ?? []);
  writeSheets(path.join(dir, "data"), [...firsts, ...seconds]);
  return seconds.filter((s) => s.data.evaluationYear === 2013).map((s) => s.data.measure.code);
}

async function outlineTitles(file: string): Promise<string[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const titles: string[] = [];
  const walk = (items: { title: string; items: unknown[] }[] | null) => {
    for (const item of items ?? []) {
      titles.push(item.title);
      walk(item.items as { title: string; items: unknown[] }[]);
    }
  };
  walk((await doc.getOutline()) as { title: string; items: unknown[] }[] | null);
  await doc.destroy();
  return titles;
}

async function pageText(file: string, pageNumber: number): Promise<string> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const page = await doc.getPage(pageNumber);
  const text = (await page.getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join("");
  await doc.destroy();
  return text.replace(/\s+/g, "");
}

describe("a data folder with both forms", () => {
  it("builds each measure's two forms side by side, and a book of (1) then (2) per measure", async () => {
    const dir = tempDir();
    const paired = bothForms(dir);
    expect(paired.length).toBeGreaterThanOrEqual(2);
    const built = runCli(["build", "--book", "--jobs", "1", "--json"], { cwd: dir, env: { CI: "true" } });
    expect(built.status, built.stderr).toBe(0);
    // Nothing across forms to warn of: each (2) lists exactly the projects of its (1).
    expect(built.stdout).not.toContain("members");
    const files = readdirSync(path.join(dir, "out/2013"));
    for (const code of paired) {
      expect(files).toContain(`${code}.pdf`);
      expect(files).toContain(`${code}-2.pdf`);
      expect(files).toContain(`${code}-2.xlsx`);
    }
    const book = path.join(dir, "out/2013/book.pdf");
    const titles = await outlineTitles(book);
    for (const code of paired) {
      const first = titles.findIndex((t) => t.startsWith(code) && t.endsWith("(評価票(1))"));
      const second = titles.findIndex((t) => t.startsWith(code) && t.endsWith("(評価表(2))"));
      expect(first, `${code} (1)`).toBeGreaterThan(0);
      expect(second, `${code} (2)`).toBe(first + 1);
    }
    const contents = await pageText(book, 2);
    for (const code of paired) {
      const rows = contents.split(code).slice(1);
      expect(rows.some((r) => r.includes("評価票(1)"))).toBe(true);
      expect(rows.some((r) => r.includes("評価表(2)"))).toBe(true);
    }
  });

  it("keeps a book of one form as it was: no form column, no form in the bookmarks", async () => {
    const dir = tempDir();
    writeSheets(path.join(dir, "data"), generateSheets({ count: 2, seed: 11, year: 2013 }));
    const built = runCli(["book"], { cwd: dir, env: { CI: "true" } });
    expect(built.status, built.stderr).toBe(0);
    const book = path.join(dir, "out/2013/book.pdf");
    expect((await outlineTitles(book)).join("")).not.toContain("評価票(1)");
    expect(await pageText(book, 2)).not.toContain("評価票(1)");
  });
});
