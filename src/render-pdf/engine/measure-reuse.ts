/**
 * Texts measured once per document, not once per layout of it.
 *
 * pdfmake measures the whole document again (`DocMeasure.measureDocument`) every time it lays it out, and it
 * lays a sheet out again for each section heading it moves to the next page (heading-breaks.ts). Most of a
 * measurement is `measureLeaf`: a text split into words, styled and measured (`node._inlines`), the same words
 * in every layout of one document (the same text under the same styles). So the words of each text node are
 * kept from the first measurement, for that document only, and a later measurement of the node gets them again.
 *
 * Laying a text out takes its words off `node._inlines` one by one (so a later measurement gets a new array of
 * the same words) and changes some of them:
 * - `x`, set again for every line (pdfmake's `Line.addInline`) before anything reads it;
 * - a word too wide for its line is cut in place (its `text` and `width`) and the rest put back as a new word;
 * - justified lines set `justifyShift`, which is not set again on a line that is not justified.
 * A node whose layout did either of the last two is measured afresh the next time (`buildNextLine` is watched
 * for them: a cut adds a word, a justified line's words have `alignment: "justify"`); the others are unchanged.
 * Copying every word instead (as a first version did) cost as much as measuring them again.
 *
 * Only the document's own content (during `measureDocument`) is kept: headers and footers are new nodes on every
 * page; so are texts that refer to others (a table of contents), measured as pdfmake measures them. Why patches
 * of pdfmake's `DocMeasure.prototype` and `LayoutBuilder.prototype.buildNextLine`: that is where pdfmake
 * measures and where it consumes the words; pdfmake is pinned exactly (0.3.11).
 */
import { pdfmakeInternal } from "./internals.js";

interface LeafNode {
  text?: unknown;
  _textRef?: unknown;
  _inlines?: { alignment?: unknown }[];
  _minWidth?: number;
  _maxWidth?: number;
  /** Set when a layout changed some of this node's words (see above). */
  [CHANGED]?: true;
}

interface Measured {
  text: unknown;
  inlines: { alignment?: unknown }[];
  minWidth: number | undefined;
  maxWidth: number | undefined;
}

interface Measurer {
  [KEPT]?: WeakMap<object, Measured>;
  [MEASURING]?: boolean;
}

const KEPT = Symbol("hyoka.keptMeasurements");
const MEASURING = Symbol("hyoka.measuringDocument");
const CHANGED = Symbol("hyoka.wordsChanged");
const INSTALLED = Symbol.for("hyoka.measureReuse");

export function installMeasureReuse(): void {
  const { default: DocMeasure } = pdfmakeInternal("DocMeasure") as {
    default: { prototype: object };
  };
  const { default: LayoutBuilder } = pdfmakeInternal("LayoutBuilder") as {
    default: { prototype: object };
  };
  const proto = DocMeasure.prototype as {
    measureDocument(this: Measurer, ...args: unknown[]): unknown;
    measureLeaf(this: Measurer, node: LeafNode): LeafNode;
    [INSTALLED]?: true;
  };
  const builder = LayoutBuilder.prototype as {
    buildNextLine(node: LeafNode): { inlines: { alignment?: unknown }[] } | null;
  };
  if (proto[INSTALLED]) return;
  const measureDocument = proto.measureDocument;
  const measureLeaf = proto.measureLeaf;
  const buildNextLine = builder.buildNextLine;

  // pdfmake makes one DocMeasure per `layoutDocument` (one document) and measures with it before every layout.
  proto.measureDocument = function keepingMeasureDocument(this: Measurer, ...args: unknown[]) {
    this[KEPT] ??= new WeakMap();
    this[MEASURING] = true;
    try {
      return measureDocument.apply(this, args);
    } finally {
      this[MEASURING] = false;
    }
  };

  proto.measureLeaf = function reusingMeasureLeaf(this: Measurer, node: LeafNode) {
    const kept = this[MEASURING] && !node._textRef ? this[KEPT] : undefined;
    if (!kept) return measureLeaf.call(this, node);
    const known = kept.get(node);
    if (known && known.text === node.text && !node[CHANGED]) {
      node._inlines = known.inlines.slice();
      node._minWidth = known.minWidth;
      node._maxWidth = known.maxWidth;
      return node;
    }
    node[CHANGED] = undefined;
    const measured = measureLeaf.call(this, node);
    if (Array.isArray(node._inlines)) {
      kept.set(node, {
        text: node.text,
        inlines: node._inlines.slice(),
        minWidth: node._minWidth,
        maxWidth: node._maxWidth,
      });
    }
    return measured;
  };

  builder.buildNextLine = function watchedBuildNextLine(node: LeafNode) {
    const before = node._inlines?.length ?? 0;
    const line = buildNextLine.call(this, node);
    if (
      line &&
      ((node._inlines?.length ?? 0) + line.inlines.length !== before ||
        line.inlines[0]?.alignment === "justify")
    ) {
      node[CHANGED] = true;
    }
    return line;
  };
  proto[INSTALLED] = true;
}
