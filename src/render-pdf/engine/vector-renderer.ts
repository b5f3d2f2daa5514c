/**
 * pdfmake's `renderVector` for the vectors a form draws, in one write each. A sheet's tables draw a few hundred
 * of them (every cell border is a line, every shaded cell a rectangle), and pdfmake writes each one through
 * eight to ten pdfkit calls, each formatting its numbers, looking up its names, and parsing the colour again
 * (`_normalizeColor`) to write the same few operators: 1.2 ms of a sheet's 4.9 ms of drawing (profiled, warm).
 *
 * For a line or a plain rectangle (no rounded corners, dash or gradient) in a colour named by a string, this
 * writes the operators pdfkit would write, in the same order and with the same numbers, as one piece of the
 * page's content: line width, dash (none), join, cap, the path, then per colour its colour space, components
 * and opacity state (registered on the page as pdfkit registers it), then the painting operator. Everything
 * else (and a colour that is not a plain RGB or CMYK one, such as a spot colour) takes pdfmake's own path. The
 * PDFs come out byte for byte the same.
 *
 * Why a patch of pdfmake's `Renderer.prototype.renderVector`: pdfmake creates its renderer inside
 * `createPdfKitDocument`, and draws every vector through this method. pdfmake (0.3.11) is pinned exactly.
 */
import { pdfmakeInternal } from "./internals.js";
import { pdfNumber } from "./line-renderer.js";

interface Vector {
  type: string;
  x?: number;
  y?: number;
  w?: number;
  h?: number;
  r?: number;
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
  lineWidth?: number;
  dash?: unknown;
  lineJoin?: string | number;
  lineCap?: string | number;
  linearGradient?: unknown;
  color?: unknown;
  lineColor?: unknown;
  fillOpacity?: unknown;
  strokeOpacity?: unknown;
}

interface ExtGStateRef {
  end(): void;
}

interface PdfDocument {
  [COLOR_OPERATORS]?: Map<string, ColorOperators>;
  page: { ext_gstates: Record<string, ExtGStateRef>; write(text: string): void };
  _CAP_STYLES: Record<string, number>;
  _JOIN_STYLES: Record<string, number>;
  _opacityRegistry: Record<string, [ExtGStateRef, string] | undefined>;
  _fillColor?: unknown;
  _normalizeColor(color: unknown): unknown;
  _doOpacity(fillOpacity: number | null, strokeOpacity: number | null): void;
  resolveColor(color: unknown, fallback: string): unknown;
  addContent(text: string): void;
}

type RenderVector = (this: { pdfDocument: PdfDocument }, vector: Vector) => void;

/** A colour as pdfmake resolves it (an unknown one is black) and the operators pdfkit writes for it. */
interface ColorOperators {
  resolved: string;
  /** Null for a colour that is not a plain RGB or CMYK one (a spot colour): pdfmake's path draws it. */
  text: string | null;
}

/**
 * Per document, on the document (not in a WeakMap keyed by a young document, which V8's young-generation
 * collections handle at a cost, see stack-style.ts), by `f` (fill) or `S` (stroke) and the colour as the
 * vector gives it.
 */
const COLOR_OPERATORS = Symbol("hyoka.colorOperators");

/** pdfmake's `resolveColor` and then what pdfkit's `_setColorCore` writes, for a colour given as text. */
function colorText(doc: PdfDocument, color: string | undefined, stroke: boolean): ColorOperators {
  let perDoc = doc[COLOR_OPERATORS];
  if (!perDoc) {
    perDoc = new Map();
    doc[COLOR_OPERATORS] = perDoc;
  }
  const key = `${stroke ? "S" : "f"}${color ?? ""}`;
  let known = perDoc.get(key);
  if (!known) {
    const resolved = doc.resolveColor(color, "black") as string;
    const normalized = doc._normalizeColor(resolved);
    let text: string | null = null;
    if (Array.isArray(normalized) && (normalized.length === 3 || normalized.length === 4)) {
      const space = normalized.length === 4 ? "DeviceCMYK" : "DeviceRGB";
      text = stroke
        ? `/${space} CS\n${normalized.join(" ")} SCN`
        : `/${space} cs\n${normalized.join(" ")} scn`;
    }
    known = { resolved, text };
    perDoc.set(key, known);
  }
  return known;
}

/**
 * pdfkit's `_doOpacity` for a fill or a stroke opacity: the page's reference to the state, and its operator.
 * A state not made yet in this document is made by pdfkit itself (which also writes its operator): then null.
 */
function opacityText(doc: PdfDocument, opacity: number, stroke: boolean): string | null {
  const clamped = Math.max(0, Math.min(1, opacity));
  const known = doc._opacityRegistry[stroke ? `null_${clamped}` : `${clamped}_null`];
  if (!known) return null;
  const [dictionary, name] = known;
  doc.page.ext_gstates[name] = dictionary;
  return `/${name} gs`;
}

const isNumber = (v: unknown): v is number => typeof v === "number" || v instanceof Number;

function styleCode(styles: Record<string, number>, value: string | number): unknown {
  return typeof value === "string" ? styles[value.toUpperCase()] : value;
}

/** The geometry as pdfkit's `moveTo`/`lineTo` or `rect` write it; undefined for any other shape. */
function pathText(vector: Vector): string | undefined {
  if (vector.type === "line") {
    return `${pdfNumber(vector.x1 as number)} ${pdfNumber(vector.y1 as number)} m\n${pdfNumber(vector.x2 as number)} ${pdfNumber(vector.y2 as number)} l`;
  }
  if (vector.type === "rect" && !vector.r) {
    return `${pdfNumber(vector.x as number)} ${pdfNumber(vector.y as number)} ${pdfNumber(vector.w as number)} ${pdfNumber(vector.h as number)} re`;
  }
  return undefined;
}

/**
 * The vector as pdfmake would draw it, in one write; false (nothing written) when it takes pdfmake's path.
 * The order is pdfmake's: width, dash, join, cap, path, fill colour and opacity, stroke colour and opacity, paint.
 */
export function drawVector(doc: PdfDocument, vector: Vector): boolean {
  if (vector.dash || vector.linearGradient) return false;
  const fill = vector.color;
  const lineColor = vector.lineColor;
  if (fill !== undefined && fill !== null && fill !== "" && typeof fill !== "string") return false;
  if (lineColor !== undefined && lineColor !== null && lineColor !== "" && typeof lineColor !== "string") {
    return false;
  }
  const path = pathText(vector);
  if (path === undefined) return false;
  const parts = [
    `${pdfNumber(vector.lineWidth || 1)} w`,
    "[] 0 d",
    `${styleCode(doc._JOIN_STYLES, vector.lineJoin || "miter")} j`,
    `${styleCode(doc._CAP_STYLES, vector.lineCap || "butt")} J`,
    path,
  ];
  const fillOpacity = isNumber(vector.fillOpacity) ? Number(vector.fillOpacity) : 1;
  const strokeOpacity = isNumber(vector.strokeOpacity) ? Number(vector.strokeOpacity) : 1;
  const fillColor = fill ? colorText(doc, fill as string, false) : undefined;
  const strokeColor =
    fill && !lineColor ? undefined : colorText(doc, (lineColor || undefined) as string | undefined, true);
  const fillOps = fillColor?.text;
  const strokeOps = strokeColor?.text;
  if (fillOps === null || strokeOps === null) return false;
  // An opacity state this document has not made yet: pdfmake's path makes it (rare: once per opacity). The
  // fill's is looked up (and put on the page) before the stroke's, as pdfkit does, so that the page's states
  // are listed in pdfkit's order whichever path draws.
  const fillState = fillOps === undefined ? undefined : opacityText(doc, fillOpacity, false);
  if (fillState === null) return false;
  const strokeState = strokeOps === undefined ? undefined : opacityText(doc, strokeOpacity, true);
  if (strokeState === null) return false;
  if (fillOps !== undefined) {
    parts.push(fillOps, fillState as string);
    doc._fillColor = [fillColor?.resolved, fillOpacity];
  }
  if (strokeOps !== undefined) parts.push(strokeOps, strokeState as string);
  parts.push(fillOps !== undefined && strokeOps !== undefined ? "B" : fillOps !== undefined ? "f" : "S");
  doc.addContent(parts.join("\n"));
  return true;
}

const INSTALLED = Symbol.for("hyoka.vectorRenderer");
/** pdfmake's own `renderVector`, kept on the prototype (tests compare the two). */
const PDFMAKE_RENDER_VECTOR = Symbol.for("hyoka.pdfmakeRenderVector");

interface RendererPrototype {
  renderVector: RenderVector;
  [INSTALLED]?: true;
  [PDFMAKE_RENDER_VECTOR]?: RenderVector;
}

function rendererPrototype(): RendererPrototype {
  return (pdfmakeInternal("Renderer") as { default: { prototype: RendererPrototype } }).default.prototype;
}

/** Installs the one-write `renderVector` on pdfmake's renderer. Idempotent. */
export function installVectorRenderer(): void {
  const proto = rendererPrototype();
  if (proto[INSTALLED]) return;
  const original = proto.renderVector;
  proto[PDFMAKE_RENDER_VECTOR] = original;
  proto.renderVector = function renderVector(vector) {
    if (!drawVector(this.pdfDocument, vector)) original.call(this, vector);
  };
  proto[INSTALLED] = true;
}

/** pdfmake's own `renderVector` (the one {@link installVectorRenderer} replaced). */
export function pdfmakeRenderVector(): RenderVector {
  const proto = rendererPrototype();
  return proto[PDFMAKE_RENDER_VECTOR] ?? proto.renderVector;
}
