/**
 * Section headings moved to the next page without laying out the rest of the document first.
 *
 * pdfmake applies `pageBreakBefore` after a complete layout: it asks the function about every node in order and,
 * at the first `true`, marks that node `pageBreak: "before"` and lays the whole document out again (then asks
 * about the nodes after it, and so on). With {@link keepHeadingsWithContent} a sheet was laid out 1.5 times on
 * average, and everything after the moved heading was laid out only to be thrown away.
 *
 * The answer for a heading is known as soon as the node marked to stay with it (KEEP_WITH_HEADING_LEVEL, a cell
 * of its table's first row) has been laid out: it starts on the heading's page or it does not, and nothing laid
 * out later can change that. So while pdfmake lays out a document whose `pageBreakBefore` is the heading rule,
 * each marked node, once laid out, settles its heading the way pdfmake would (the same rule, on the same
 * positions): if the heading must move, it is marked as pdfmake would mark it and the layout starts again at
 * once, from the beginning, as pdfmake's own restart does. The pages come out the same; only the part of the
 * first layout after the moved heading is no longer done. pdfmake's own check still runs after the last layout
 * and settles anything this did not (a heading without a marked node), so nothing depends on it but speed.
 *
 * Why patches of pdfmake's `LayoutBuilder.prototype` (`layoutDocument`, `tryLayoutDocument`, `processNode`):
 * the restart loop and the per-node layout are there, and pdfmake offers no hook inside a layout. pdfmake is
 * pinned exactly (0.3.11).
 */

import { HEADING_LEVEL, KEEP_WITH_HEADING_LEVEL } from "../../forms/pdf-layout.js";
import { pdfmakeInternal } from "./internals.js";

interface LaidOutNode {
  text?: unknown;
  listMarker?: unknown;
  headlineLevel?: number;
  pageBreak?: string;
  pageBreakCalculated?: boolean;
  positions?: { pageNumber: number }[];
  resetXY?(): void;
}

interface Builder {
  linearNodeList: LaidOutNode[];
  nestedLevel: number;
  verticalAlignmentItemStack: unknown[];
  [ACTIVE]?: boolean;
  /** The last heading laid out in this attempt whose marked node has not been laid out yet. */
  [HEADING]?: { node: LaidOutNode; index: number } | undefined;
}

const ACTIVE = Symbol("hyoka.earlyHeadingBreaks");
const HEADING = Symbol("hyoka.pendingHeading");
const INSTALLED = Symbol.for("hyoka.earlyHeadingBreaks");

/** Thrown out of a layout that has to start again; caught by the patched `tryLayoutDocument`. */
const RESTART = Symbol("hyoka.restartLayout");

/** The nodes pdfmake passes to `pageBreakBefore` (LayoutBuilder.js, `hasRenderableContent`). */
function renderable(node: LaidOutNode): boolean {
  if (!node.positions || node.positions.length === 0) return false;
  return !(node.text === "" && !node.listMarker);
}

function onPage(node: LaidOutNode, page: number): boolean {
  return (node.positions ?? []).some((p) => p.pageNumber === page);
}

/**
 * Whether the pending heading must move to the next page, now that `marked` (the node at the end of the
 * builder's node list) has been laid out: {@link keepHeadingsWithContent} on the heading's positions and those of
 * the nodes after it on its page. `undefined` when it is not settled here (pdfmake's own check settles it).
 */
function headingMustMove(
  list: readonly LaidOutNode[],
  heading: LaidOutNode,
  index: number,
): boolean | undefined {
  if (heading.pageBreak === "before" || heading.pageBreakCalculated || !renderable(heading)) return undefined;
  const pages = new Set((heading.positions ?? []).map((p) => p.pageNumber));
  if (pages.size !== 1) return false;
  const [page] = pages as unknown as [number];
  for (let i = index + 1; i < list.length; i++) {
    const next = list[i] as LaidOutNode;
    if (!renderable(next) || !onPage(next, page)) continue;
    if (next.headlineLevel === KEEP_WITH_HEADING_LEVEL) return false;
    if (next.headlineLevel === HEADING_LEVEL) return true;
  }
  // The marked node starts on a later page, and everything after it is laid out further on.
  return true;
}

/** Installs the early decision for layouts whose `pageBreakBefore` is `rule` (the heading rule). */
export function installEarlyHeadingBreaks(rule: (...args: never[]) => boolean): void {
  const { default: LayoutBuilder } = pdfmakeInternal("LayoutBuilder") as {
    default: { prototype: Record<PropertyKey, unknown> };
  };
  const proto = LayoutBuilder.prototype as {
    layoutDocument(this: Builder, ...args: unknown[]): unknown;
    tryLayoutDocument(this: Builder, ...args: unknown[]): unknown;
    processNode(this: Builder, node: LaidOutNode, ...rest: unknown[]): unknown;
    [INSTALLED]?: true;
  };
  if (proto[INSTALLED]) return;
  const layoutDocument = proto.layoutDocument;
  const tryLayoutDocument = proto.tryLayoutDocument;
  const processNode = proto.processNode;

  proto.layoutDocument = function patchedLayoutDocument(this: Builder, ...args: unknown[]) {
    // The ninth argument is `pageBreakBeforeFct`.
    this[ACTIVE] = args[8] === rule;
    try {
      return layoutDocument.apply(this, args);
    } finally {
      this[ACTIVE] = false;
      this[HEADING] = undefined;
    }
  };

  proto.tryLayoutDocument = function patchedTryLayoutDocument(this: Builder, ...args: unknown[]) {
    // The builder's own state that a layout left part-way through would leave changed (a complete one leaves
    // it as it was).
    const nestedLevel = this.nestedLevel;
    const alignments = this.verticalAlignmentItemStack.length;
    for (;;) {
      this[HEADING] = undefined;
      try {
        return tryLayoutDocument.apply(this, args);
      } catch (error) {
        if (error !== RESTART) throw error;
        this.nestedLevel = nestedLevel;
        this.verticalAlignmentItemStack.length = alignments;
        // As pdfmake does before it lays a document out again.
        for (const node of this.linearNodeList) node.resetXY?.();
      }
    }
  };

  proto.processNode = function patchedProcessNode(this: Builder, node: LaidOutNode, ...rest: unknown[]) {
    const result = processNode.call(this, node, ...rest);
    if (!this[ACTIVE]) return result;
    if (node.headlineLevel === HEADING_LEVEL) {
      this[HEADING] = { node, index: this.linearNodeList.lastIndexOf(node) };
    } else if (node.headlineLevel === KEEP_WITH_HEADING_LEVEL) {
      const pending = this[HEADING];
      this[HEADING] = undefined;
      if (pending && headingMustMove(this.linearNodeList, pending.node, pending.index)) {
        pending.node.pageBreak = "before";
        pending.node.pageBreakCalculated = true;
        throw RESTART;
      }
    }
    return result;
  };
  proto[INSTALLED] = true;
}
