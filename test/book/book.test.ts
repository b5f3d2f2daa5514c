/**
 * `hyoka book`: one PDF per evaluation year with a cover, contents whose page numbers are the pages where the
 * sheets start, bookmarks by policy, page labels, each sheet exactly as `hyoka build` lays it out, the failed
 * sheets left out and named, and the same bytes from the same inputs in another process.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type * as mupdf from "mupdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSheets, writeSheets } from "../../scripts/gen-lib.js";
import { runBook } from "../../src/commands/book.js";
import type { AnyForm } from "../../src/forms/types.js";
import { renderBookPdf } from "../../src/render-pdf/book.js";
import type { Output } from "../../src/report/console.js";
import type { SheetData } from "../../templates/sheet-1/schema.js";
import { ROOT, runCli, SEED_JSON, seedData, seedText, tempDir } from "../helpers.js";
import { compact, environment, form, openPdf, pdfLines, render } from "../render-pdf/support.js";

const CONFIG = {
  book: {
    title: "施策進行管理・評価票",
    subtitle: "第3期実行計画 施策評価結果",
    issuer: "川崎市",
    issued: { "2013": "2014-07-01" },
  },
};

interface Captured extends Output {
  stdout: string[];
  stderr: string[];
}

function capture(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** Runs `hyoka book` in this process, in `cwd`. */
async function bookIn(cwd: string, args: { out?: string; lang?: "ja" | "en" } = {}) {
  const previous = process.cwd();
  const output = capture();
  process.chdir(cwd);
  try {
    const status = await runBook({
      patterns: ["data/**/*.json"],
      outDir: args.out ?? "out",
      lang: args.lang ?? "ja",
      output,
      progress: false,
    });
    return { status, ...output };
  } finally {
    process.chdir(previous);
  }
}

interface Sheet {
  code: string;
  name: string;
  policy: string;
  measure: string;
  data: SheetData;
}

function sheetOf(data: SheetData): Sheet {
  return {
    code: data.measure.code,
    name: data.measure.name,
    policy: data.basicPolicy,
    measure: data.basicMeasure,
    data,
  };
}

/** The text of one page with all white space removed. */
function pageText(doc: mupdf.Document, index: number): string {
  return compact(doc.loadPage(index).toStructuredText("preserve-whitespace").asText());
}

function labels(doc: mupdf.Document): string[] {
  return Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i).getLabel());
}

/** The contents as printed: each code with the page number on its line. */
function contentsNumbers(bytes: Uint8Array, contentsPages: number[]): Map<string, number> {
  const lines = pdfLines(bytes).filter((l) => contentsPages.includes(l.page));
  const found = new Map<string, number>();
  for (const l of lines) {
    const code = /^(\d{8}) /.exec(l.text)?.[1];
    if (!code) continue;
    const number = lines.find((n) => n.page === l.page && Math.abs(n.y - l.y) < 2 && /^\d+$/.test(n.text));
    if (number) found.set(code, Number(number.text));
  }
  return found;
}

let dir: string;
let run: Awaited<ReturnType<typeof bookIn>>;
let book2013: Buffer;
let doc: mupdf.Document;
/** The sheets of 2013 the book should hold, in code order. */
let expected2013: Sheet[];
let frontPages: number;
let starts: Map<string, number>;

beforeAll(async () => {
  dir = tempDir("hyoka-book-");
  const generated = generateSheets({ count: 8, seed: 3 });
  writeSheets(path.join(dir, "data"), generated);
  copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
  const broken = seedText().replace('"plan": 19, "actual": 19', '"plan": 19, "actual": "19"');
  writeFileSync(path.join(dir, "data/2013/broken.json"), broken);
  writeFileSync(path.join(dir, "hyoka.config.json"), JSON.stringify(CONFIG));
  expected2013 = [...generated.map((g) => g.data), seedData() as unknown as SheetData]
    .filter((d) => d.evaluationYear === 2013)
    .map(sheetOf)
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  // Seven sheets of 2013: four of them move a section heading to the next page (keepHeadingsWithContent),
  // 52102000 fills four pages and 62101000 one, so a miscount anywhere shows in the page numbers.
  expect(expected2013.length).toBe(7);

  run = await bookIn(dir);
  book2013 = readFileSync(path.join(dir, "out/2013/book.pdf"));
  doc = openPdf(book2013);
  const pageLabels = labels(doc);
  frontPages = pageLabels.indexOf("1");
  starts = contentsNumbers(
    book2013,
    Array.from({ length: frontPages - 1 }, (_, i) => i + 2),
  );
});

afterAll(() => {
  doc?.destroy();
});

describe("hyoka book", () => {
  it("writes a book per evaluation year, leaves the broken sheet out with its error, and exits 1", () => {
    expect(run.status).toBe(1);
    expect(run.stderr.join("\n")).toContain("data/2013/broken.json:");
    expect(run.stderr.join("\n")).toContain("数値が必要です");
    expect(existsSync(path.join(dir, "out/2013/book.pdf"))).toBe(true);
    expect(existsSync(path.join(dir, "out/2012/book.pdf"))).toBe(true);
    expect(run.stdout.join("\n")).toContain(
      `掲載 ${expected2013.length + 2} 件、掲載できなかったシート 1 件`,
    );
  });

  it("names the left-out sheet on the contents of its year's book only", () => {
    const contents = Array.from({ length: frontPages - 1 }, (_, i) => pageText(doc, i + 1)).join("");
    expect(contents).toContain("掲載できなかったシート");
    expect(contents).toContain("data/2013/broken.json");
    const other = openPdf(readFileSync(path.join(dir, "out/2012/book.pdf")));
    expect(pageText(other, 1)).not.toContain("掲載できなかったシート");
  });

  it("has a cover with the title, the year with its era, the date of issue and the issuer", () => {
    const cover = pageText(doc, 0);
    expect(cover).toContain(compact(CONFIG.book.title));
    expect(cover).toContain(compact(CONFIG.book.subtitle));
    expect(cover).toContain("2013年度(平成25年度)");
    expect(cover).toContain("2014年(平成26年)7月1日発行");
    expect(cover).toContain("川崎市");
    // No date of issue is configured for 2012: the cover has none.
    const other = openPdf(readFileSync(path.join(dir, "out/2012/book.pdf")));
    expect(pageText(other, 0)).toContain("2012年度(平成24年度)");
    expect(pageText(other, 0)).not.toContain("発行");
  });

  it("lists every sheet on the contents in code order, grouped by basic policy and basic measure", () => {
    expect([...starts.keys()]).toEqual(expected2013.map((s) => s.code));
    const contents = Array.from({ length: frontPages - 1 }, (_, i) => pageText(doc, i + 1)).join("");
    let at = 0;
    for (const s of expected2013) {
      // Each sheet after its groups' headings (a heading is printed once for a run of sheets).
      const sheet = contents.indexOf(compact(`${s.code} ${s.name}`), at);
      expect(sheet, s.code).toBeGreaterThan(-1);
      expect(contents.lastIndexOf(compact(s.policy), sheet), s.code).toBeGreaterThan(-1);
      expect(contents.lastIndexOf(compact(s.measure), sheet), s.code).toBeGreaterThan(-1);
      at = sheet;
    }
  });

  it("prints on the contents the page number where each sheet starts, and the footer continues it", () => {
    const codes = expected2013.map((s) => s.code);
    for (const [i, code] of codes.entries()) {
      const number = starts.get(code) as number;
      const index = frontPages + number - 1;
      const text = pageText(doc, index);
      expect(text, code).toContain(`施策課題${code}`);
      // The footer: the sheet's label and the book's page number.
      expect(text, code).toMatch(new RegExp(`施策進行管理・評価票\\(1\\)${code}${number}$`));
      // The page before belongs to the sheet before (or is the contents).
      if (i > 0) expect(pageText(doc, index - 1), code).toContain(codes[i - 1] as string);
    }
    const last = starts.get(codes.at(-1) as string) as number;
    expect(doc.countPages()).toBeGreaterThanOrEqual(frontPages + last);
  });

  it("labels the pages as printed: i, ii, … for the cover and contents, then 1, 2, …", () => {
    const pageLabels = labels(doc);
    expect(pageLabels.slice(0, frontPages)).toEqual(
      ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"].slice(0, frontPages),
    );
    expect(pageLabels.slice(frontPages)).toEqual(
      Array.from({ length: doc.countPages() - frontPages }, (_, i) => String(i + 1)),
    );
    const catalog = doc.asPDF()?.getTrailer().get("Root");
    expect(catalog?.get("PageLabels").resolve().get("Nums").toString()).toBe(
      `[0<</S/r>>${frontPages}<</S/D/St 1>>]`,
    );
  });

  it("has a bookmark per basic policy, basic measure and sheet, each pointing at its first page", () => {
    const outline = doc.loadOutline() ?? [];
    const pageOf = (code: string) => frontPages + (starts.get(code) as number) - 1;
    type Item = { title: string; page: number; down?: Item[] };
    const tree: Item[] = [];
    for (const s of expected2013) {
      let policy = tree.at(-1);
      if (policy?.title !== s.policy) {
        policy = { title: s.policy, page: pageOf(s.code), down: [] };
        tree.push(policy);
      }
      let measure = policy.down?.at(-1);
      if (measure?.title !== s.measure) {
        measure = { title: s.measure, page: pageOf(s.code), down: [] };
        policy.down?.push(measure);
      }
      measure.down?.push({ title: `${s.code} ${s.name}`, page: pageOf(s.code) });
    }
    const simplify = (items: NonNullable<ReturnType<mupdf.Document["loadOutline"]>>): Item[] =>
      items.map((o) => ({
        title: o.title ?? "",
        page: o.page ?? -1,
        ...(o.down ? { down: simplify(o.down) } : {}),
      }));
    expect(simplify(outline)).toEqual([{ title: "目次", page: 1 }, ...tree]);
  });

  it("lays every sheet out exactly as hyoka build does: the same pages with the same text", async () => {
    for (const sheet of expected2013) {
      const single = await render(sheet.data);
      const singleDoc = openPdf(single.bytes);
      const number = starts.get(sheet.code) as number;
      const first = frontPages + number - 1;
      expect(singleDoc.countPages()).toBe(single.pages);
      for (let p = 0; p < single.pages; p++) {
        // Only the page numbers differ: `n / N` alone, the book's page number in the book.
        const alone = pageText(singleDoc, p);
        const inBook = pageText(doc, first + p);
        const aloneNumber = `${p + 1}/${single.pages}`;
        expect(alone.endsWith(aloneNumber)).toBe(true);
        expect(inBook.endsWith(String(number + p))).toBe(true);
        expect(inBook.slice(0, -String(number + p).length), `${sheet.code} page ${p + 1}`).toBe(
          alone.slice(0, -aloneNumber.length),
        );
      }
      // …and then the next sheet starts, or the book ends.
      const after = first + single.pages;
      if (after < doc.countPages()) expect(pageText(doc, after)).not.toContain(`施策課題${sheet.code}`);
      else expect(doc.countPages()).toBe(after);
    }
  });

  it("embeds each font once, and has its title, subject and language", () => {
    const raw = book2013.toString("latin1");
    const faces = (raw.match(/\/FontFile2 /g) ?? []).length;
    expect(faces).toBeGreaterThan(0);
    expect(faces).toBeLessThanOrEqual(2);
    expect(doc.getMetaData("info:Title")).toBe("施策進行管理・評価票 2013年度(平成25年度)");
    expect(doc.getMetaData("info:Subject")).toBe(CONFIG.book.subtitle);
    expect(doc.getMetaData("info:Author")).toBe("川崎市");
    expect(doc.getMetaData("info:CreationDate")).toBe("D:20140331000000Z");
    expect(raw).toContain("/Lang (ja-JP)");
  });

  it("gives the same bytes when run again in another process, through the CLI", () => {
    const r = runCli(["book", "--out", "out-again"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("out-again/2013/book.pdf");
    expect(readFileSync(path.join(dir, "out-again/2013/book.pdf")).equals(book2013)).toBe(true);
    expect(
      readFileSync(path.join(dir, "out-again/2012/book.pdf")).equals(
        readFileSync(path.join(dir, "out/2012/book.pdf")),
      ),
    ).toBe(true);
  });

  it("leaves out both of two sheets with the same year and code, naming both", async () => {
    const twice = tempDir("hyoka-book-twice-");
    mkdirSync(path.join(twice, "data/2013"), { recursive: true });
    copyFileSync(SEED_JSON, path.join(twice, "data/2013/a.json"));
    copyFileSync(SEED_JSON, path.join(twice, "data/2013/b.json"));
    const r = await bookIn(twice, { lang: "en" });
    expect(r.status).toBe(1);
    const errors = r.stderr.join("\n");
    expect(errors).toContain(
      "data/2013/a.json: error more than one sheet for year 2013 and measure 72302000: data/2013/a.json, data/2013/b.json",
    );
    expect(errors).toContain("data/2013/b.json: error more than one sheet");
    const d = openPdf(readFileSync(path.join(twice, "out/2013/book.pdf")));
    expect(d.countPages()).toBe(2);
    const contents = pageText(d, 1);
    expect(contents).toContain("掲載できなかったシート");
    expect(contents).toContain("data/2013/a.json");
    expect(contents).toContain("data/2013/b.json");
    expect(r.stdout.join("\n")).toContain("0 sheets printed, 2 left out");
  });
});

describe("renderBookPdf", () => {
  it("leaves out a sheet whose layout fails, lists it on the contents, and keeps the others", async () => {
    const env = await environment();
    const data = form.schema.parse(seedData());
    const model = form.derive(data);
    const identity = form.identify(model);
    const broken: AnyForm = {
      ...form,
      pdf: {
        ...form.pdf,
        sections: () => {
          throw new Error("no layout");
        },
      },
    };
    const other = { ...identity, code: "72302001", title: "別の施策" };
    const book = await renderBookPdf(env, {
      year: 2013,
      cover: { title: "題名", issuer: "" },
      sheets: [
        { file: "a.json", form, model, identity },
        { file: "b.json", form: broken, model, identity: other },
      ],
      missing: [],
      date: new Date(Date.UTC(2014, 2, 31)),
      version: "0.0.0",
    });
    expect(book.failed.map((f) => [f.file, f.error.message])).toEqual([["b.json", "no layout"]]);
    expect(book.entries.map((e) => e.code)).toEqual(["72302000"]);
    const d = openPdf(book.bytes);
    expect(d.countPages()).toBe(book.frontPages + (book.entries[0]?.pages ?? 0));
    const contents = pageText(d, 1);
    expect(contents).toContain("掲載できなかったシート");
    expect(contents).toContain("b.json");
    expect(contents).not.toContain("72302001");
  });

  it("warns of a sheet over its form's page budget, as hyoka build does, naming the section", async () => {
    const env = await environment();
    const seed = form.derive(form.schema.parse(seedData()));
    const hard = form.derive(
      form.schema.parse(
        JSON.parse(readFileSync(path.join(ROOT, "test/fixtures/hard-12201000.json"), "utf8")),
      ),
    );
    const book = await renderBookPdf(env, {
      year: 2013,
      cover: { title: "題名", issuer: "" },
      sheets: [
        { file: "seed.json", form, model: seed, identity: form.identify(seed) },
        { file: "hard.json", form, model: hard, identity: form.identify(hard) },
      ],
      missing: [],
      date: new Date(Date.UTC(2014, 2, 31)),
      version: "0.0.0",
    });
    expect(book.warnings).toHaveLength(1);
    expect(book.warnings[0]).toMatchObject({
      severity: "warning",
      code: "pdf-page-budget",
      file: "hard.json",
    });
    expect(book.warnings[0]?.message).toContain("<配下の事務事業一覧> が 3 ページ目にはみ出しています");
  });
});
