/**
 * The book as a tagged, archival PDF: pdf.js reads the cover, the contents (a table of contents whose links are
 * `Link` elements with their annotations) and every sheet in the book's order, every text of each page in the
 * tree or an artifact (page numbers); the PDF/A and PDF/UA entries as for a sheet; a draft book has none.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderBookPdf } from "../../src/render-pdf/book.js";
import { seedData } from "../helpers.js";
import { readStructure, roles, treeText } from "../render-pdf/pdfjs-support.js";
import { popplerAvailable, popplerStructure } from "../render-pdf/poppler-support.js";
import { compact, environment, expectInOrder, form, openPdf } from "../render-pdf/support.js";

async function book(draft = false) {
  const env = await environment();
  const model = form.derive(form.schema.parse(seedData()));
  const identity = form.identify(model);
  const other = form.derive(
    form.schema.parse({ ...seedData(), measure: { code: "72302001", name: "別の施策の名前" } }),
  );
  return renderBookPdf(env, {
    year: 2013,
    cover: {
      title: "施策進行管理・評価票",
      subtitle: "施策評価結果",
      issuer: "川崎市",
      issued: "2014-07-01",
    },
    sheets: [
      { file: "a.json", form, model, identity },
      { file: "b.json", form, model: other, identity: form.identify(other) },
    ],
    missing: ["c.json"],
    date: new Date(Date.UTC(2014, 2, 31)),
    version: "0.0.0",
    draft,
  });
}

describe("the book, tagged and archival", () => {
  it("has one structure tree in the book's order: cover, contents, then each sheet", async () => {
    const { bytes, frontPages } = await book();
    const pages = await readStructure(bytes);
    for (const page of pages) expect(page.unmarked.filter((s) => s.trim() !== "")).toEqual([]);
    const text = compact(pages.map((p) => treeText(p.tree)).join(""));
    const order = [
      "施策進行管理・評価票",
      "川崎市",
      "目次",
      "72302000",
      "72302001",
      "掲載できなかったシート",
      "c.json",
    ];
    const at = expectInOrder(text, order);
    // Each sheet as in its own PDF: its name after the contents.
    expect(text.indexOf("別の施策の名前", at)).toBeGreaterThan(0);
    const contents = roles(pages[frontPages - 1]?.tree ?? { role: "", children: [] });
    for (const role of ["Document", "Part", "H1", "TOC", "TOCI", "Link"]) expect(contents).toContain(role);
    // The sheets left out are a list, each bullet its label: nothing of it is drawn outside the structure.
    expect(contents.slice(contents.indexOf("H2"))).toEqual(
      expect.arrayContaining(["L", "LI", "Lbl", "LBody"]),
    );
    const sheet = roles(pages[frontPages]?.tree ?? { role: "", children: [] });
    for (const role of ["Part", "Sect", "H1", "H2", "Table", "TH", "TD", "L", "LI"])
      expect(sheet).toContain(role);
    // Page numbers in the footers are artifacts.
    expect(compact(pages[frontPages]?.artifacts.join("") ?? "")).toMatch(/1$/);
  });

  it("tags the contents' links (/StructParent, /Contents) and has the PDF/A and PDF/UA entries", async () => {
    const { bytes } = await book();
    const doc = openPdf(bytes);
    const root = doc.asPDF()?.getTrailer().get("Root");
    expect(root?.get("MarkInfo").get("Marked").asBoolean()).toBe(true);
    expect(root?.get("StructTreeRoot").get("K").isNull()).toBe(false);
    expect(root?.get("ViewerPreferences").get("DisplayDocTitle").asBoolean()).toBe(true);
    const xmp = root?.get("Metadata").readStream().asString() ?? "";
    expect(xmp).toContain("<pdfaid:part>3</pdfaid:part>");
    expect(xmp).toContain("<pdfuaid:part>1</pdfuaid:part>");
    expect(root?.get("OutputIntents").length).toBe(1);
    const contentsPage = root?.get("Pages").get("Kids").get(1);
    const annots = contentsPage?.get("Annots");
    expect(annots?.length).toBe(4);
    for (let i = 0; i < (annots?.length ?? 0); i++) {
      const a = annots?.get(i);
      expect(a?.get("StructParent").isNumber()).toBe(true);
      expect(a?.get("Contents").asString()).toMatch(/^(7230200[01]|\d+)$/);
    }
  });

  it("reads the same in poppler (pdfinfo -struct-text): cover, contents with its links, then each sheet", async (context) => {
    if (!popplerAvailable()) {
      context.skip();
      return;
    }
    const tree = popplerStructure((await book()).bytes);
    const text = compact(tree.texts.join(""));
    const at = expectInOrder(text, [
      "施策進行管理・評価票",
      "目次",
      "72302000",
      "72302001",
      "掲載できなかったシート",
      "c.json",
    ]);
    expect(text.indexOf("別の施策の名前", at)).toBeGreaterThan(text.indexOf("区役所と支所", at));
    expect(tree.roles.slice(0, 2)).toEqual(["Document", "Part"]);
    for (const role of ["TOC", "TOCI", "Link", "L", "LI", "Lbl", "LBody", "Sect", "Table", "TH"])
      expect(tree.roles, role).toContain(role);
    // Each contents row links to its sheet: the links' annotations are in the tree.
    expect(tree.objects).toBeGreaterThanOrEqual(4);
  });

  it("passes qpdf --check; a draft book is plain", async (context) => {
    const draft = await book(true);
    expect(draft.bytes.subarray(0, 8).toString("latin1")).toBe("%PDF-1.3");
    expect(openPdf(draft.bytes).asPDF()?.getTrailer().get("Root").get("StructTreeRoot").isNull()).toBe(true);
    if (spawnSync("qpdf", ["--version"]).status !== 0) {
      context.skip();
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), "hyoka-qpdf-"));
    try {
      const file = path.join(dir, "book.pdf");
      writeFileSync(file, (await book()).bytes);
      const r = spawnSync("qpdf", ["--check", file], { encoding: "utf8" });
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
