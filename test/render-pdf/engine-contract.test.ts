/**
 * The engine's contract (src/render-pdf/engine/README.md): the fast engine prints what pdfmake as published
 * prints. The same sheets are rendered by the compiled code (dist/, built by the test setup) in two child
 * processes, one per mode (the patches are global, so one process holds one mode), and read back with mupdf's
 * device interface: what a reader draws, not the file's bytes (which differ on purpose: a packed line is one
 * `TJ` array, the streams are compressed at other levels).
 *
 * Per sheet: the same number of pages; per page the same characters in the same drawing order, each in the same
 * font, size and colour, on the same baseline (0.001 pt) and within 0.1 pt of the same x (mupdf rounds a font's
 * widths to whole units along a `TJ` array, see engine/line-renderer.ts); and the same vector drawing, every
 * filled, stroked or clipping path with its points (0.001 pt), colour, opacity and stroke state, in order.
 *
 * And the same structure (tagged PDF, engine/structure.ts): pdf.js reads, on each page, the same structure tree
 * with the same text in each marked-content sequence, the same text drawn as artifacts, and none unmarked.
 *
 * The documents: every golden sheet (scripts/golden-update.ts `GOLDEN_SHEETS`: the seed, the hard sheet-1
 * sheets and the sheet-2 ones, each in its own form), generated sheets of every length profile
 * (scripts/gen-lib.ts, a fixed seed), the seed made long: texts over several pages (headings moved to the next
 * page, a row broken across pages) and a table continued with its header repeated; and a book of both forms
 * (engine/book-printer.ts, in both modes: its cover, contents with a sheet left out, the seed and a sheet-2 sheet).
 */

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as mupdf from "mupdf";
import { afterAll, describe, expect, it } from "vitest";
import { generateSheets } from "../../scripts/gen-lib.js";
import { GOLDEN_SHEETS } from "../../scripts/golden-update.js";
import type { EngineMode } from "../../src/render-pdf/engine/index.js";
import { ROOT } from "../helpers.js";
import { readStructure, treeDump } from "./pdfjs-support.js";
import { compact, DATE, SEED_FIXTURE, seed } from "./support.js";

const X_TOLERANCE = 0.1;
const Y_TOLERANCE = 0.001;

const work = mkdtempSync(path.join(tmpdir(), "hyoka-engine-contract-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function paragraph(prefix: string, length: number): string {
  const base =
    "区役所と支所・出張所等の窓口サービスの機能再編について、市民の利便性の向上と効率的な運営を図る。";
  let s = `${prefix}:`;
  while (s.length < length) s += base;
  return s.slice(0, length);
}

/** The sheets, as JSON files under `work/in`: name → file. */
function writeInputs(): Record<string, string> {
  const dir = path.join(work, "in");
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = { seed: SEED_FIXTURE };
  for (const golden of GOLDEN_SHEETS)
    if (golden.input !== SEED_FIXTURE) files[`golden-${golden.name}`] = golden.input;
  const write = (name: string, data: unknown) => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(data));
    files[name] = file;
  };
  const long = seed();
  long.overview.problems = {
    lead: paragraph("前文", 600),
    items: Array.from({ length: 20 }, (_, i) => paragraph(`項目${i + 1}`, 950)),
  };
  long.results.achievements = {
    lead: paragraph("成果", 400),
    items: Array.from({ length: 8 }, (_, i) => paragraph(`成果${i + 1}（１，２３４件）`, 700)),
  };
  write("seed-long-texts", long);
  const projects = seed();
  projects.projects = Array.from({ length: 60 }, (_, i) => ({
    name: `事務事業その${i + 1}の名称は少し長めにしてあります`,
    achievement: "目標を達成",
  }));
  projects.glossary = Array.from({ length: 30 }, (_, i) => ({
    term: `用語${i + 1}`,
    explanation: paragraph(`説明${i + 1}`, 120),
  }));
  write("seed-many-projects", projects);
  const generated = generateSheets({ count: 24, seed: 4242 });
  const byProfile = { short: 0, normal: 0, long: 0 };
  for (const [i, sheet] of generated.entries()) {
    // Every long sheet, and a few of the others.
    if (sheet.profile !== "long" && byProfile[sheet.profile] >= 2) continue;
    byProfile[sheet.profile]++;
    write(`gen-${i}-${sheet.profile}`, sheet.data);
  }
  return files;
}

/** The book of the contract: its sheets (files, in book order) and a sheet left out, listed on the contents. */
const BOOK = {
  name: "book",
  sheets: [SEED_FIXTURE, path.join(ROOT, "test/fixtures/sheet-2-sample-92120001.json")],
  missing: ["data/2013/99999999.json"],
};

/**
 * Renders every sheet, each in the form its data names (sheet-1 when none), and the book in `mode` with the
 * compiled code in a child process; name → PDF file.
 */
function renderAll(mode: EngineMode, inputs: Record<string, string>): Record<string, string> {
  const out = path.join(work, mode);
  mkdirSync(out, { recursive: true });
  const url = (p: string) => pathToFileURL(path.join(ROOT, p)).href;
  const script = `
    import { readFileSync, writeFileSync } from "node:fs";
    import path from "node:path";
    const forms = {
      "sheet-1": (await import(${JSON.stringify(url("dist/templates/sheet-1/index.js"))})).default,
      "sheet-2": (await import(${JSON.stringify(url("dist/templates/sheet-2/index.js"))})).default,
    };
    const pdf = await import(${JSON.stringify(url("dist/src/render-pdf/index.js"))});
    const { renderBookPdf } = await import(${JSON.stringify(url("dist/src/render-pdf/book.js"))});
    const env = await pdf.createPdfEnvironment();
    const engine = await import(${JSON.stringify(url("dist/src/render-pdf/engine/index.js"))});
    if (engine.installedEngineMode() !== ${JSON.stringify(mode)}) throw new Error("wrong engine mode");
    const date = new Date(${DATE.getTime()});
    const read = (file) => {
      const raw = JSON.parse(readFileSync(file, "utf8"));
      const form = forms[raw.form ?? "sheet-1"];
      if (!form) throw new Error(file + ": unknown form " + raw.form);
      return { form, model: form.derive(form.schema.parse(raw)) };
    };
    const inputs = ${JSON.stringify(inputs)};
    for (const [name, file] of Object.entries(inputs)) {
      const { form, model } = read(file);
      const r = await pdf.renderSheetPdf(env, form, model, { date, version: "0.1.0" });
      writeFileSync(path.join(${JSON.stringify(out)}, name + ".pdf"), r.bytes);
    }
    const book = ${JSON.stringify(BOOK)};
    const sheets = book.sheets.map((file) => {
      const { form, model } = read(file);
      return { file, form, model, identity: form.identify(model) };
    });
    const r = await renderBookPdf(env, {
      year: 2013,
      cover: { title: "施策進行管理・評価票", subtitle: "施策評価結果", issuer: "川崎市", issued: "2014-07-01" },
      sheets,
      missing: book.missing,
      date,
      version: "0.1.0",
    });
    if (r.failed.length > 0) throw new Error("book: " + r.failed.map((f) => f.file).join(", ") + " failed");
    writeFileSync(path.join(${JSON.stringify(out)}, book.name + ".pdf"), r.bytes);
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, HYOKA_PDF_ENGINE: mode },
    encoding: "utf8",
    timeout: 300_000,
  });
  if (result.status !== 0) throw new Error(`${mode} render failed: ${result.stderr}`);
  return Object.fromEntries(
    [...Object.keys(inputs), BOOK.name].map((name) => [name, path.join(out, `${name}.pdf`)]),
  );
}

interface Glyph {
  char: string;
  x: number;
  y: number;
  /** Font (without the subset tag), size, colour and opacity. */
  style: string;
}

interface PageDrawing {
  glyphs: Glyph[];
  /** Every path drawn or clipped, and the other device calls, as text with rounded numbers. */
  vectors: string[];
}

const round = (n: number) => (Math.round(n * 1000) / 1000).toFixed(3);

function apply(m: mupdf.Matrix, x: number, y: number): [number, number] {
  return [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}

function pathText(p: mupdf.Path, ctm: mupdf.Matrix): string {
  const parts: string[] = [];
  const pt = (x: number, y: number) => apply(ctm, x, y).map(round).join(",");
  p.walk({
    moveTo: (x, y) => parts.push(`M${pt(x, y)}`),
    lineTo: (x, y) => parts.push(`L${pt(x, y)}`),
    curveTo: (x1, y1, x2, y2, x3, y3) => parts.push(`C${pt(x1, y1)} ${pt(x2, y2)} ${pt(x3, y3)}`),
    closePath: () => parts.push("Z"),
  });
  return parts.join(" ");
}

function colorText(cs: mupdf.ColorSpace, color: number[], alpha: number): string {
  return `${cs.getName()}[${color.map(round).join(",")}]a${round(alpha)}`;
}

/** What mupdf draws on each page. */
function drawing(file: string): PageDrawing[] {
  const doc = mupdf.Document.openDocument(readFileSync(file), "application/pdf");
  const pages: PageDrawing[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const page: PageDrawing = { glyphs: [], vectors: [] };
    const text = (t: mupdf.Text, ctm: mupdf.Matrix, cs: mupdf.ColorSpace, color: number[], alpha: number) => {
      t.walk({
        showGlyph(font, trm, _glyph, unicode) {
          const [x, y] = apply(ctm, trm[4], trm[5]);
          const size = Math.hypot(trm[0] * ctm[0] + trm[1] * ctm[2], trm[0] * ctm[1] + trm[1] * ctm[3]);
          page.glyphs.push({
            char: String.fromCodePoint(unicode),
            x,
            y,
            style: `${font.getName().replace(/^[A-Z]{6}\+/, "")} ${round(size)} ${colorText(cs, color, alpha)}`,
          });
        },
      });
    };
    const vector = (kind: string, p: mupdf.Path, ctm: mupdf.Matrix, rest: string) => {
      const d = pathText(p, ctm);
      // pdfkit's colour setting writes an empty `f`: nothing is drawn, and the fast engine writes fewer of them.
      if (d !== "") page.vectors.push(`${kind} ${d} ${rest}`);
    };
    const stroke = (s: mupdf.StrokeState, ctm: mupdf.Matrix) =>
      `w${round(s.getLineWidth() * Math.hypot(ctm[0], ctm[1]))} cap${s.getLineCap()} join${s.getLineJoin()} dash${JSON.stringify(s.getDashes())}`;
    const device = new mupdf.Device({
      fillPath: (p, evenOdd, ctm, cs, color, alpha) =>
        vector("fill", p, ctm, `${evenOdd ? "eo" : "nz"} ${colorText(cs, color, alpha)}`),
      strokePath: (p, s, ctm, cs, color, alpha) =>
        vector("stroke", p, ctm, `${stroke(s, ctm)} ${colorText(cs, color, alpha)}`),
      clipPath: (p, evenOdd, ctm) => page.vectors.push(`clip ${pathText(p, ctm)} ${evenOdd ? "eo" : "nz"}`),
      clipStrokePath: (p, s, ctm) => page.vectors.push(`clipStroke ${pathText(p, ctm)} ${stroke(s, ctm)}`),
      popClip: () => page.vectors.push("popClip"),
      fillText: (t, ctm, cs, color, alpha) => text(t, ctm, cs, color, alpha),
      fillShade: () => page.vectors.push("shade"),
      fillImage: () => page.vectors.push("image"),
      beginGroup: (_b, _cs, isolated, knockout, blend, alpha) =>
        page.vectors.push(`group ${isolated} ${knockout} ${blend} ${round(alpha)}`),
      endGroup: () => page.vectors.push("endGroup"),
    });
    doc.loadPage(i).run(device, mupdf.Matrix.identity);
    device.close();
    pages.push(page);
  }
  return pages;
}

/**
 * The embedded font programs, by font name without the subset tag: what each glyph looks like. The fast engine
 * writes the subsets itself (engine/subset-cache.ts, subset-encode.ts), so they must be the bytes fontkit writes.
 */
function fontPrograms(file: string): Record<string, string> {
  const doc = mupdf.Document.openDocument(readFileSync(file), "application/pdf").asPDF();
  if (!doc) throw new Error(`${file} is not a PDF`);
  const out: Record<string, string> = {};
  for (let i = 0; i < doc.countPages(); i++) {
    const fonts = (doc.loadPage(i) as mupdf.PDFPage).getObject().get("Resources").get("Font");
    fonts.forEach((font: mupdf.PDFObject) => {
      const name = font
        .get("BaseFont")
        .asName()
        .replace(/^[A-Z]{6}\+/, "");
      const descriptor = font.get("DescendantFonts").get(0).get("FontDescriptor");
      const program = descriptor.get("FontFile2");
      const bytes = program.isStream() ? program.readStream().asUint8Array() : new Uint8Array();
      out[name] = createHash("sha256").update(bytes).digest("hex");
    });
  }
  return out;
}

/** The first difference between the two drawings, or undefined. */
function firstDifference(plain: PageDrawing[], fast: PageDrawing[]): string | undefined {
  if (plain.length !== fast.length) return `pages: plain ${plain.length}, fast ${fast.length}`;
  for (const [p, page] of plain.entries()) {
    const other = fast[p] as PageDrawing;
    const at = `page ${p + 1}`;
    const a = page.glyphs.map((g) => g.char).join("");
    const b = other.glyphs.map((g) => g.char).join("");
    if (a !== b) {
      let i = 0;
      while (a[i] === b[i]) i++;
      return `${at}: text differs at character ${i}: plain …${a.slice(Math.max(0, i - 20), i + 20)}…, fast …${b.slice(Math.max(0, i - 20), i + 20)}…`;
    }
    for (const [i, g] of page.glyphs.entries()) {
      const h = other.glyphs[i] as Glyph;
      const where = `${at}, character ${i} "${g.char}" (${round(g.x)}, ${round(g.y)})`;
      if (Math.abs(g.y - h.y) > Y_TOLERANCE) return `${where}: baseline plain ${g.y}, fast ${h.y}`;
      if (Math.abs(g.x - h.x) > X_TOLERANCE) return `${where}: x plain ${g.x}, fast ${h.x}`;
      if (g.style !== h.style) return `${where}: style plain ${g.style}, fast ${h.style}`;
    }
    if (page.vectors.length !== other.vectors.length) {
      const i = page.vectors.findIndex((v, k) => v !== other.vectors[k]);
      return `${at}: ${page.vectors.length} vector operations in plain, ${other.vectors.length} in fast; first difference #${i}: plain ${page.vectors[i]}, fast ${other.vectors[i]}`;
    }
    for (const [i, v] of page.vectors.entries()) {
      if (v !== other.vectors[i]) return `${at}, vector #${i}: plain ${v}, fast ${other.vectors[i]}`;
    }
  }
  return undefined;
}

describe("the fast engine prints what pdfmake as published prints", () => {
  const inputs = writeInputs();
  const plain = renderAll("plain", inputs);
  const fast = renderAll("fast", inputs);
  const documents = Object.keys(plain);

  it("renders a useful set of sheets: every golden sheet, several pages, long ones and every length profile", () => {
    const pages = Object.values(plain).map((f) => drawing(f).length);
    expect(Object.keys(inputs).length).toBeGreaterThanOrEqual(8);
    for (const golden of GOLDEN_SHEETS) expect(Object.values(inputs)).toContain(golden.input);
    expect(documents).toContain(BOOK.name);
    expect(Math.max(...pages)).toBeGreaterThanOrEqual(4);
    expect(pages.filter((n) => n >= 3).length).toBeGreaterThanOrEqual(3);
  });

  it.each(documents)("%s: same pages, text, positions and vectors", (name) => {
    const a = drawing(plain[name] as string);
    const b = drawing(fast[name] as string);
    expect(a.reduce((n, p) => n + p.glyphs.length, 0)).toBeGreaterThan(500);
    expect(a.reduce((n, p) => n + p.vectors.length, 0)).toBeGreaterThan(50);
    expect(firstDifference(a, b)).toBeUndefined();
    expect(Object.keys(fontPrograms(plain[name] as string)).length).toBeGreaterThan(0);
    expect(fontPrograms(fast[name] as string)).toEqual(fontPrograms(plain[name] as string));
  });

  it.each(documents)("%s: same structure tree and marked content", async (name) => {
    const a = await readStructure(readFileSync(plain[name] as string));
    const b = await readStructure(readFileSync(fast[name] as string));
    expect(b.length).toBe(a.length);
    for (const [i, page] of a.entries()) {
      const other = b[i] as (typeof b)[number];
      expect(page.unmarked.filter((s) => s.trim() !== "")).toEqual([]);
      expect(other.unmarked.filter((s) => s.trim() !== "")).toEqual([]);
      expect(treeDump(other.tree)).toEqual(treeDump(page.tree));
      expect(compact(other.artifacts.join(""))).toBe(compact(page.artifacts.join("")));
    }
    expect(a.reduce((n, p) => n + treeDump(p.tree).length, 0)).toBeGreaterThan(50);
  });
});
