/** The one-write vector drawing against pdfmake's own: the same operators, states and resources. */
import { describe, expect, it } from "vitest";
import { pdfmakeInternal } from "../../src/render-pdf/engine/internals.js";
import {
  drawVector,
  installVectorRenderer,
  pdfmakeRenderVector,
} from "../../src/render-pdf/engine/vector-renderer.js";

const PdfmakeDocument = (pdfmakeInternal("PDFDocument") as { default: new () => TestDocument }).default;

interface TestDocument {
  page: { ext_gstates: Record<string, unknown> };
  _opacityRegistry: Record<string, unknown>;
  _fillColor?: unknown;
  addPage(): void;
  addContent(text: string): void;
}

/** A document with one page whose content writes are recorded. */
function documentWithPage(): { doc: TestDocument; written: string[] } {
  const doc = new PdfmakeDocument();
  doc.addPage();
  const written: string[] = [];
  const addContent = doc.addContent.bind(doc);
  doc.addContent = (text: string) => {
    written.push(text);
    addContent(text);
  };
  return { doc, written };
}

type Vector = Parameters<typeof drawVector>[1];

const line = (extra: Partial<Vector> = {}): Vector => ({
  type: "line",
  x1: 40.123456789,
  y1: 100,
  x2: 555.5,
  y2: 100,
  lineWidth: 0.5,
  ...extra,
});
const rect = (extra: Partial<Vector> = {}): Vector => ({
  type: "rect",
  x: 40,
  y: 60.25,
  w: 120,
  h: 18.5,
  lineWidth: 0,
  ...extra,
});

/** Vectors as the form's tables draw them, and ones that must take pdfmake's path. */
const VECTORS: { name: string; vector: Vector; fast: boolean }[] = [
  // The document's first stroke makes its opacity state: pdfmake's path, once.
  { name: "border, the document's first", vector: line({ lineColor: "black" }), fast: false },
  { name: "border", vector: line({ lineColor: "black" }), fast: true },
  { name: "border, no colour", vector: line(), fast: true },
  { name: "border, hex colour", vector: line({ lineColor: "#c0c0c0" }), fast: true },
  { name: "border, short hex", vector: line({ lineColor: "#abc" }), fast: true },
  { name: "border, unknown colour", vector: line({ lineColor: "nonsense" }), fast: true },
  { name: "border, no width", vector: line({ lineWidth: 0 }), fast: true },
  { name: "border, joins and caps", vector: line({ lineJoin: "round", lineCap: "square" }), fast: true },
  { name: "border, numeric cap", vector: line({ lineCap: 2, lineJoin: 1 }), fast: true },
  { name: "shaded cell, the document's first fill", vector: rect({ color: "#e3e3e3" }), fast: false },
  { name: "shaded cell again", vector: rect({ color: "#e3e3e3", fillOpacity: 1 }), fast: true },
  { name: "filled and stroked", vector: rect({ color: "gray", lineColor: "red" }), fast: true },
  { name: "half-transparent, first", vector: rect({ color: "blue", fillOpacity: 0.5 }), fast: false },
  { name: "half-transparent, again", vector: rect({ color: "blue", fillOpacity: 0.5 }), fast: true },
  { name: "stroke opacity, first", vector: line({ strokeOpacity: 0.25 }), fast: false },
  // A known stroke state and a fill state not made yet: the page lists the fill's first, as pdfkit does.
  {
    name: "new fill opacity with a known stroke",
    vector: rect({ color: "green", fillOpacity: 0.75, lineColor: "black" }),
    fast: false,
  },
  { name: "dashed", vector: line({ dash: { length: 2 } }), fast: false },
  { name: "rounded", vector: rect({ r: 3, color: "gray" }), fast: false },
  { name: "ellipse", vector: { type: "ellipse", x: 10, y: 10, r1: 5, r2: 5 } as Vector, fast: false },
  { name: "colour as numbers", vector: rect({ color: [0, 0, 0] }), fast: false },
  {
    name: "polyline",
    vector: {
      type: "polyline",
      points: [
        { x: 1, y: 1 },
        { x: 5, y: 5 },
      ],
    } as Vector,
    fast: false,
  },
];

describe("vector drawing", () => {
  it("writes what pdfmake writes, for every vector in turn, and takes its own path only where it must", () => {
    installVectorRenderer();
    const ours = documentWithPage();
    const theirs = documentWithPage();
    const pdfmake = pdfmakeRenderVector();
    for (const { name, vector, fast } of VECTORS) {
      ours.written.length = 0;
      theirs.written.length = 0;
      const taken = drawVector(ours.doc as never, structuredClone(vector));
      if (!taken) pdfmake.call({ pdfDocument: ours.doc as never }, structuredClone(vector));
      pdfmake.call({ pdfDocument: theirs.doc as never }, structuredClone(vector));
      expect(taken, name).toBe(fast);
      expect(ours.written.join("\n"), name).toBe(theirs.written.join("\n"));
      expect(Object.keys(ours.doc.page.ext_gstates), name).toEqual(Object.keys(theirs.doc.page.ext_gstates));
      expect(Object.keys(ours.doc._opacityRegistry), name).toEqual(Object.keys(theirs.doc._opacityRegistry));
      expect(ours.doc._fillColor, name).toEqual(theirs.doc._fillColor);
    }
  });

  /**
   * Two documents given `first` by pdfmake's path, then a new page each; `then` drawn on the new page by hyoka
   * (pdfmake's path where it declines) and by pdfmake. Whether hyoka drew it, and the new pages' states.
   */
  function onNewPage(first: Vector, then: Vector) {
    const ours = documentWithPage();
    const theirs = documentWithPage();
    const pdfmake = pdfmakeRenderVector();
    for (const { doc } of [ours, theirs]) {
      pdfmake.call({ pdfDocument: doc as never }, structuredClone(first));
      doc.addPage();
    }
    const taken = drawVector(ours.doc as never, structuredClone(then));
    if (!taken) pdfmake.call({ pdfDocument: ours.doc as never }, structuredClone(then));
    pdfmake.call({ pdfDocument: theirs.doc as never }, structuredClone(then));
    return {
      taken,
      ours: Object.keys(ours.doc.page.ext_gstates),
      theirs: Object.keys(theirs.doc.page.ext_gstates),
    };
  }

  it("registers a known opacity state on each new page, as pdfkit does", () => {
    const shaded = rect({ color: "#e3e3e3" });
    const { taken, ours, theirs } = onNewPage(shaded, shaded);
    expect(taken).toBe(true);
    expect(ours).toEqual(["Gs1"]);
    expect(ours).toEqual(theirs);
  });

  it("lists a new page's states in pdfkit's order when a new fill state sends a vector down pdfmake's path", () => {
    const { taken, ours, theirs } = onNewPage(
      line({ lineColor: "black" }),
      rect({ color: "green", fillOpacity: 0.75, lineColor: "black" }),
    );
    expect(taken).toBe(false);
    expect(ours).toEqual(theirs);
  });
});
