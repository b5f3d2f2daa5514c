/**
 * Tagged PDF (PDF/UA-1), read by real readers: pdf.js reads the structure tree and the marked content of every
 * page, every text of a page lies in the tree (or is an artifact: the footer, white space, a header repeated on
 * a new page), and the tree's reading order gives the seed's values in the form's order. mupdf checks the
 * dictionary entries PDF/UA asks for; qpdf checks the file's syntax (where qpdf is installed).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type * as mupdf from "mupdf";
import { describe, expect, it } from "vitest";
import {
  type Content,
  pdfkitDocumentClass,
  type TDocumentDefinitions,
} from "../../src/render-pdf/engine/internals.js";
import {
  planStructure,
  slotOf,
  structElement,
  taggingHold,
  writeStructure,
} from "../../src/render-pdf/engine/structure.js";
import { readStructure, roles, treeText } from "./pdfjs-support.js";
import { popplerAvailable, popplerStructure } from "./poppler-support.js";
import { compact, DATE, environment, expectInOrder, openPdf, render, seed } from "./support.js";

/** The seed's values, in the order the form prints them. */
function seedValuesInOrder(): string[] {
  const d = seed();
  const block = (b: { lead?: string; items?: string[] } | undefined) => [
    ...(b?.lead ? [b.lead] : []),
    ...(b?.items ?? []),
  ];
  return [
    "施策進行管理・評価票(1)",
    "評価年度",
    d.measure.code,
    d.measure.name,
    d.division,
    d.basicPolicy,
    d.policyDirection,
    d.basicMeasure,
    ...block(d.overview.problems),
    ...block(d.overview.outline),
    ...block(d.overview.targets),
    ...block(d.results.achievements),
    ...block(d.results.remainingIssues),
    ...d.results.evaluation.grades.map((g) => g.grade),
    ...block(d.results.evaluation.reason),
    ...block(d.futureDirection),
    ...(d.indicators ?? []).map((i) => i.name),
    ...(d.projects ?? []).map((p) => p.name),
    ...(d.glossary ?? []).flatMap((g) => [g.term, g.explanation]),
  ].map(compact);
}

const sorted = (s: string) => [...s].sort().join("");

describe("tagged PDF read by pdf.js", () => {
  it("puts every text of each page in the structure tree, and nothing outside marked content", async () => {
    const pages = await readStructure((await render(seed())).bytes);
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page.unmarked.filter((s) => s.trim() !== "")).toEqual([]);
      // The tree holds exactly the marked text of the page (the same characters), none twice, none missing.
      expect(sorted(compact(treeText(page.tree)))).toBe(sorted(compact(page.marked.join(""))));
      expect(compact(page.marked.join("")).length).toBeGreaterThan(300);
      // The footer (code and page number) is an artifact.
      expect(compact(page.artifacts.join(""))).toMatch(/72302000.*\d\/2/);
    }
  });

  it("reads the seed's values in the form's order", async () => {
    const pages = await readStructure((await render(seed())).bytes);
    const text = compact(pages.map((p) => treeText(p.tree)).join(""));
    expectInOrder(text, seedValuesInOrder());
  });

  it("has the form's headings, labelled tables with header cells, paragraphs and bullet lists", async () => {
    const pages = await readStructure((await render(seed())).bytes);
    const all = pages.flatMap((p) => roles(p.tree));
    for (const role of [
      "Document",
      "Sect",
      "H1",
      "H2",
      "Table",
      "TR",
      "TH",
      "TD",
      "P",
      "L",
      "LI",
      "Lbl",
      "LBody",
    ])
      expect(all, role).toContain(role);
    expect(all.filter((r) => r === "H1")).toHaveLength(1);
  });

  it("marks a table header repeated on a new page as an artifact", async () => {
    const data = seed();
    data.projects = Array.from({ length: 60 }, (_, i) => ({
      name: `事務事業その${i + 1}の名称は少し長めにしてあります`,
      achievement: "目標を達成",
    }));
    const pages = await readStructure((await render(data)).bytes);
    const inTree = compact(pages.map((p) => treeText(p.tree)).join(""));
    const drawn = compact(pages.map((p) => [...p.marked, ...p.artifacts].join("")).join(""));
    const count = (s: string, what: string) => s.split(what).length - 1;
    // Two header cells of 事務事業名 (the table has two pairs of columns), drawn again on each further page.
    expect(count(inTree, "事務事業名")).toBe(2);
    expect(count(drawn, "事務事業名")).toBeGreaterThan(2);
    for (let i = 1; i <= 60; i++) expect(inTree).toContain(`事務事業その${i}の`);
  });
});

function catalog(bytes: Uint8Array): mupdf.PDFObject {
  return openPdf(bytes).asPDF()?.getTrailer().get("Root") as mupdf.PDFObject;
}

/** Every structure element below `node`, depth first. */
function elements(node: mupdf.PDFObject, out: mupdf.PDFObject[] = []): mupdf.PDFObject[] {
  const k = node.get("K");
  const kids = k.isArray() ? Array.from({ length: k.length }, (_, i) => k.get(i)) : [k];
  for (const kid of kids) {
    if (kid.isDictionary() && kid.get("S").isName()) {
      out.push(kid);
      elements(kid, out);
    }
  }
  return out;
}

describe("PDF/UA entries (mupdf)", () => {
  it("is marked, has a structure tree with its parent tree, the language and the title shown", async () => {
    const { bytes } = await render(seed());
    const root = catalog(bytes);
    expect(root.get("MarkInfo").get("Marked").asBoolean()).toBe(true);
    const tree = root.get("StructTreeRoot");
    expect(tree.get("Type").asName()).toBe("StructTreeRoot");
    expect(tree.get("ParentTree").get("Nums").length).toBeGreaterThan(0);
    expect(root.get("Lang").asString()).toBe("ja-JP");
    expect(root.get("ViewerPreferences").get("DisplayDocTitle").asBoolean()).toBe(true);
    const xmp = root.get("Metadata").readStream().asString();
    expect(xmp).toContain("<pdfuaid:part>1</pdfuaid:part>");
    expect(xmp).toContain("<pdfaid:part>3</pdfaid:part>");
    expect(xmp).toContain("<pdfaid:conformance>A</pdfaid:conformance>");
    expect(xmp).toContain("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>");
    const page = root.get("Pages").get("Kids").get(0);
    expect(page.get("StructParents").isNumber()).toBe(true);
    expect(page.get("Tabs").asName()).toBe("S");
  });

  it("gives every header cell its scope, and spanning cells their spans", async () => {
    const { bytes } = await render(seed());
    const all = elements(catalog(bytes).get("StructTreeRoot"));
    const th = all.filter((e) => e.get("S").asName() === "TH");
    expect(th.length).toBeGreaterThan(20);
    for (const e of th) {
      expect(e.get("A").get("O").asName()).toBe("Table");
      expect(["Row", "Column"]).toContain(e.get("A").get("Scope").asName());
    }
    const spans = all.filter((e) => !e.get("A").isNull() && e.get("A").get("ColSpan").isNumber());
    expect(spans.length).toBeGreaterThan(0);
    for (const e of all) expect(e.get("Type").asName()).toBe("StructElem");
  });

  it("reads the same in poppler (pdfinfo -struct-text): the seed's values in order, headings, scoped header cells", async (context) => {
    if (!popplerAvailable()) {
      context.skip();
      return;
    }
    const tree = popplerStructure((await render(seed())).bytes);
    const text = compact(tree.texts.join(""));
    expectInOrder(text, seedValuesInOrder());
    expect(tree.roles[0]).toBe("Document");
    for (const role of ["Sect", "H1", "H2", "Table", "TR", "TH", "TD", "P", "L", "LI", "Lbl", "LBody"])
      expect(tree.roles, role).toContain(role);
    const headerCells = tree.roles.filter((r) => r === "TH").length;
    expect(tree.attributes.filter((a) => /^\/Scope \/(Row|Column)$/.test(a))).toHaveLength(headerCells);
  });

  it("passes qpdf --check", async (context) => {
    if (spawnSync("qpdf", ["--version"]).status !== 0) {
      context.skip();
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), "hyoka-qpdf-"));
    try {
      const file = path.join(dir, "seed.pdf");
      writeFileSync(file, (await render(seed())).bytes);
      const r = spawnSync("qpdf", ["--check", file], { encoding: "utf8" });
      expect(r.stdout + r.stderr).toContain("No syntax or stream encoding errors");
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("structure elements written as text (engine/structure.ts)", () => {
  /** A tagged pdfkit document of two pages with a structure tree of every kind of kid, ended. */
  async function writtenTree(viaPdfkit: boolean): Promise<Buffer> {
    await environment();
    const PDFDocument = pdfkitDocumentClass() as new (
      options: object,
    ) => {
      page: { dictionary: unknown };
      addPage(): void;
      ref(data: object): { end(): void };
      on(event: string, listener: (chunk: Buffer) => void): void;
      end(): void;
    };
    const doc = new PDFDocument({
      pdfVersion: "1.7",
      tagged: true,
      info: { CreationDate: DATE, Title: "t" },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk) => chunks.push(chunk));
    const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
    const first = doc.page.dictionary;
    doc.addPage();
    const second = doc.page.dictionary;
    const annotation = doc.ref({ Type: "Annot" });
    annotation.end();
    const root = structElement("Document");
    const part = structElement("Part", root, "第1部 (写し)\\");
    const table = structElement("Table", part);
    const row = structElement("TR", table);
    const header = structElement("TH", row);
    header.attributes = { O: "Table", Scope: "Column", ColSpan: 2 };
    header.children.push({ element: header, marks: [{ page: first as never, mcid: 0 }], annotations: [] });
    const cell = structElement("TD", row);
    cell.attributes = { O: "Table", RowSpan: 3 };
    cell.children.push({
      element: cell,
      marks: [
        { page: first as never, mcid: 1 },
        { page: second as never, mcid: 0 },
      ],
      annotations: [{ page: second as never, annotation: annotation as never }],
    });
    const paragraph = structElement("P", root);
    paragraph.children.push({
      element: paragraph,
      marks: [{ page: second as never, mcid: 1 }],
      annotations: [],
    });
    writeStructure(doc, root, undefined, { viaPdfkit });
    doc.end();
    await done;
    return Buffer.concat(chunks);
  }

  it("writes the same bytes as pdfkit: elements, kids (MCIDs, MCRs, OBJRs), attributes, a title, offsets", async () => {
    const text = await writtenTree(false);
    const pdfkit = await writtenTree(true);
    expect(text.toString("latin1")).toContain("/S /TH\n/P ");
    expect(text.toString("latin1")).toContain("/Type /MCR");
    expect(text.equals(pdfkit)).toBe(true);
  });

  it("lets go of a written document: no slot left on its text nodes or lines, no page held by the tagging state", async () => {
    // An old object still pointing at a finished document kept it alive through V8's young collections
    // (structure.ts, releaseWritten): after writeStructure, nothing of the tagging may point at it.
    const env = await environment();
    const heading = { text: "見出し", role: "H1" };
    const header = { text: "指標名", role: "TH" };
    const cell = { text: "値 ".repeat(200) };
    // `role` is hyoka's, beside pdfmake's keys (src/forms/pdf-layout.ts).
    const content = [
      heading,
      { role: "Table", table: { headerRows: 1, body: [[header], [cell]] } },
    ] as unknown as Content[];
    const root = planStructure(content, "Document");
    for (const node of [heading, header, cell]) expect(slotOf(node)).toBeDefined();
    const output = env.pdfmake.createPdf({
      content,
      version: "1.7",
      tagged: true,
      defaultStyle: { font: env.fonts.main.id, fontSize: 10 },
      info: { creationDate: DATE, modDate: DATE },
    } as TDocumentDefinitions);
    const kit = await output.getStream();
    const before = taggingHold(kit);
    expect(before?.drawnLines).toBeGreaterThan(3);
    expect(before?.holdsPage).toBe(true);
    writeStructure(kit, root);
    for (const node of [heading, header, cell]) expect(slotOf(node)).toBeUndefined();
    expect(taggingHold(kit)).toEqual({ drawnLines: 0, holdsPage: false });
    // The document still ends as a tagged PDF with its tree.
    const pages = await readStructure(await output.getBuffer());
    const tree = pages[0]?.tree;
    expect(tree && compact(treeText(tree))).toContain("見出し");
  });
});
