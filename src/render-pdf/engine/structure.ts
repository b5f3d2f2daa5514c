/**
 * Tagged PDF (ISO 32000-1 14.7–14.8, PDF/UA-1): the structure tree of a document, in the reading order of its
 * content, and every piece of drawn content inside it (text) or marked as an artifact (rules, shading, footers,
 * table headers repeated on a new page).
 *
 * Two halves:
 *
 * 1. {@link planStructure}, before layout: walks pdfmake content as the layout gives it and makes the tree of
 *    structure elements from the `role` (and `scope`) that layouts put on content nodes (src/forms/pdf-layout.ts
 *    says what each role means and what is implied: a table's rows and cells, a list's items). Each text node
 *    gets a *slot*, the place of its text in the tree, kept beside the node ({@link SLOTS}); a text node not inside
 *    an element that holds text gets a `P` of its own, so no text ever sits directly in a grouping element. The
 *    tree is in content order, whatever order pdfmake draws in (columns side by side, pages).
 * 2. The patch ({@link installStructure}, kind *feature*: on in both engine modes): pdfmake's
 *    `LayoutBuilder.prototype.buildNextLine` is wrapped to give each line it builds its text node's slot (by
 *    the line's `inlines`, which pdfmake's `Line.clone` shares, so unbreakable blocks and repeated headers keep
 *    it), and `Renderer.prototype.renderLine` / `renderVector` are wrapped, in a tagged document only
 *    (pdfkit option `tagged`), to write each line as marked content `/<type> <</MCID n>> BDC … EMC` of its
 *    slot's element and everything else as `/Artifact BMC … EMC`. A line drawn a second time (the clone of a
 *    table's header row repeated on the next page shares the first one's `inlines`) is an artifact, as is a line
 *    of white space only. Both wrap whatever method is installed, pdfmake's own (plain mode) or the engine's
 *    (fast mode: line-renderer.ts, vector-renderer.ts), so both modes mark the same content in the same order.
 *    {@link writeStructure} then writes the elements (`/StructElem` with `/S`, `/P`, `/K`, `/Pg`, table
 *    attributes) and the parent tree (pdfkit's, which `MCID`s index) before the document is ended.
 *
 * Held by test/render-pdf/structure.test.ts (pdf.js reads the tree and every text of each page in the form's
 * order) and engine-contract.test.ts (the same tree and marked content in both modes).
 */
import { pdfmakeInternal } from "./internals.js";

/**
 * Each planned text node's slot, and each line's (by the line's `inlines`, which pdfmake's `Line.clone` shares
 * with the clone: a table header repeated on a new page, an unbreakable block moved). Kept beside pdfmake's
 * objects, not on them: a property added to a text node or a line gives it another hidden class than pdfmake's
 * own code made it with, and that code reads every node and line.
 */
const SLOTS = new WeakMap<object, Slot>();

/** The text nodes of the plan being made ({@link planInto}). */
let planned: object[] | undefined;

/** Elements whose own content is text; any other element groups elements. */
const HOLDS_TEXT = new Set([
  "P",
  "H",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "TH",
  "TD",
  "Lbl",
  "LBody",
  "Caption",
  "Span",
  "Link",
  "TOCI",
  "Reference",
  "Note",
  "Title",
]);

/** A structure element of the plan; written as a `/StructElem`. */
export interface StructElement {
  type: string;
  /** Attributes (`/A`): for table cells, `/O /Table` with `/Scope`, `/ColSpan`, `/RowSpan`. */
  attributes?: Record<string, string | number>;
  /** `/T`, `/Alt`, `/Lang`. */
  title?: string;
  children: (StructElement | Slot)[];
  /** The PDF object, once allocated (when its first content is drawn, or when written). */
  ref?: PdfRef;
  /** Written into the document (its children are then let go). */
  written?: boolean;
  /**
   * On a planned root: the text nodes given slots under it, whose entries in {@link SLOTS} go when it is written
   * (see `releaseWritten`): no slot outlives its document, even for a node object a layout hands every sheet.
   */
  textNodes?: object[];
}

/** The text of one text node: its marked-content sequences, page by page. */
export interface Slot {
  element: StructElement;
  marks: { page: PdfRef; mcid: number }[];
  /** Link annotations drawn with this text (`/OBJR`); made with the first (most texts have none). */
  annotations?: { page: PdfRef; annotation: PdfRef }[];
}

interface PdfRef {
  data: Record<string, unknown>;
  end(): void;
}

type Node = Record<string, unknown>;

const isSlot = (x: StructElement | Slot): x is Slot => "marks" in x;

function element(
  type: string,
  parent: StructElement | undefined,
  attributes?: Record<string, string | number>,
  title?: string,
) {
  const e: StructElement = { type, children: [] };
  if (attributes) e.attributes = attributes;
  if (title) e.title = title;
  parent?.children.push(e);
  return e;
}

const NOT_BLANK = /\S/;

/**
 * Whether a text node's text prints anything but white space (its inlines joined and trimmed would not be
 * empty; `\s` is the white space `trim` removes), without joining them: a sheet has some 600 text nodes.
 */
function printsInk(text: unknown): boolean {
  if (typeof text === "string") return NOT_BLANK.test(text);
  if (typeof text === "number" || typeof text === "boolean") return true;
  if (Array.isArray(text))
    for (let i = 0; i < text.length; i++) {
      const t = text[i];
      if (t && typeof t === "object" ? printsInk((t as Node).text) : printsInk(t)) return true;
    }
  return false;
}

/** A content position as pdfmake's preprocessor will see it: strings and numbers become text nodes. */
function asNode(value: unknown): Node | undefined {
  if (Array.isArray(value)) return { stack: value };
  if (value && typeof value === "object") return value as Node;
  return undefined;
}

/**
 * Replaces string (and number) items of `list` by text nodes (and nested lists by stacks), as pdfmake's
 * preprocessor will, and plans each node under `parent`.
 */
function planList(list: unknown[], parent: StructElement): void {
  for (let i = 0; i < list.length; i++) {
    let item = list[i];
    if (typeof item === "string" || typeof item === "number") {
      item = { text: String(item) };
      list[i] = item;
    } else if (Array.isArray(item)) {
      item = { stack: item };
      list[i] = item;
    }
    if (item && typeof item === "object") planNode(item as Node, parent);
  }
}

function roleOf(node: Node): string | undefined {
  return typeof node.role === "string" ? node.role : undefined;
}

function attributesOf(node: Node, type: string): Record<string, string | number> | undefined {
  if (type !== "TH" && type !== "TD") return undefined;
  const colSpan = typeof node.colSpan === "number" && node.colSpan > 1 ? node.colSpan : undefined;
  const rowSpan = typeof node.rowSpan === "number" && node.rowSpan > 1 ? node.rowSpan : undefined;
  if (type !== "TH" && colSpan === undefined && rowSpan === undefined) return undefined;
  // In this order: /O, /Scope, /ColSpan, /RowSpan.
  const a: Record<string, string | number> = { O: "Table" };
  if (type === "TH") a.Scope = typeof node.scope === "string" ? node.scope : "Column";
  if (colSpan !== undefined) a.ColSpan = colSpan;
  if (rowSpan !== undefined) a.RowSpan = rowSpan;
  return a;
}

/** The key of a table cell in {@link coveredCells}. */
const cellKey = (r: number, c: number) => r * 0x10000 + c;

/** Cells a table's spans cover (pdfmake draws nothing of them); undefined when no cell spans others. */
function coveredCells(body: unknown[][]): Set<number> | undefined {
  let covered: Set<number> | undefined;
  for (let r = 0; r < body.length; r++) {
    const row = body[r] as unknown[];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell || typeof cell !== "object" || covered?.has(cellKey(r, c))) continue;
      const n = cell as Node;
      const cols = typeof n.colSpan === "number" ? n.colSpan : 1;
      const rows = typeof n.rowSpan === "number" ? n.rowSpan : 1;
      if (cols <= 1 && rows <= 1) continue;
      covered ??= new Set();
      for (let dr = 0; dr < rows; dr++)
        for (let dc = 0; dc < cols; dc++) if (dr || dc) covered.add(cellKey(r + dr, c + dc));
    }
  }
  return covered;
}

const LIST_CELLS = new Set(["Lbl", "LBody"]);

/** The cells of row `r` that pdfmake draws (not covered by a span), strings made text nodes as pdfmake will. */
function cellsOf(row: unknown[], r: number, covered: Set<number> | undefined): Node[] {
  const cells: Node[] = [];
  for (let c = 0; c < row.length; c++) {
    if (covered?.has(cellKey(r, c))) continue;
    const cell = row[c];
    if (typeof cell === "string" || typeof cell === "number") row[c] = { text: String(cell) };
    const n = asNode(row[c]);
    if (n) cells.push(n);
  }
  return cells;
}

function planTable(node: Node, table: Node, parent: StructElement): void {
  const body = Array.isArray(table.body) ? (table.body as unknown[][]) : [];
  const covered = coveredCells(body);
  const role = roleOf(node);
  if (role === "TOC") {
    // Each row an item of the contents; a cell with a role (a `Link`) an element in it, other text its own.
    const toc = element("TOC", parent);
    for (let r = 0; r < body.length; r++) {
      const item = element("TOCI", toc);
      for (const cell of cellsOf(body[r] as unknown[], r, covered)) {
        if (roleOf(cell)) planNode(cell, item);
        else planChildren(cell, item);
      }
    }
    return;
  }
  if (role === "Table") {
    const t = element("Table", parent);
    for (let r = 0; r < body.length; r++) {
      const tr = element("TR", t);
      for (const cell of cellsOf(body[r] as unknown[], r, covered)) {
        const type = roleOf(cell) === "TH" ? "TH" : "TD";
        planCell(cell, element(type, tr, attributesOf(cell, type)));
      }
    }
    return;
  }
  // A table that only places things (no role, or a list): rows of list cells are list items, consecutive
  // ones one list; other cells belong to the table's parent.
  let list: StructElement | undefined = role === "L" ? element("L", parent) : undefined;
  for (let r = 0; r < body.length; r++) {
    const cells = cellsOf(body[r] as unknown[], r, covered);
    const listRow = role === "L" || cells.some((c) => LIST_CELLS.has(roleOf(c) ?? ""));
    if (!listRow) {
      list = undefined;
      for (const cell of cells) planNode(cell, parent);
      continue;
    }
    list ??= element("L", parent);
    const li = element("LI", list);
    for (const cell of cells) {
      const type = roleOf(cell) ?? "LBody";
      planCell(cell, element(type, li));
    }
  }
}

/** A cell whose element is made: its content under it (its own `role` already used). */
function planCell(cell: Node, cellElement: StructElement): void {
  planChildren(cell, cellElement);
}

function planChildren(node: Node, parent: StructElement): void {
  if ("text" in node && node.table === undefined) {
    // White space only prints nothing a reader needs: drawn as an artifact.
    if (!printsInk(node.text)) return;
    const holder = HOLDS_TEXT.has(parent.type) ? parent : element("P", parent);
    const slot: Slot = { element: holder, marks: [] };
    holder.children.push(slot);
    SLOTS.set(node, slot);
    planned?.push(node);
    return;
  }
  if (Array.isArray(node.stack)) planList(node.stack, parent);
  if (Array.isArray(node.columns)) planList(node.columns, parent);
  if (Array.isArray(node.ul)) planList(node.ul, parent);
  if (Array.isArray(node.ol)) planList(node.ol, parent);
  if (node.table && typeof node.table === "object") planTable(node, node.table as Node, parent);
}

function planNode(node: Node, parent: StructElement): void {
  const role = roleOf(node);
  if (node.table && typeof node.table === "object") {
    // The table's role is its own (Table, L); an element of another role wraps it.
    if (role && role !== "Table" && role !== "L" && role !== "TOC") {
      const wrapper = element(role, parent);
      planTable({ ...node, role: undefined }, node.table as Node, wrapper);
    } else planTable(node, node.table as Node, parent);
    return;
  }
  if (role === "Artifact") return;
  if (role) {
    const attributes = attributesOf(node, role);
    planChildren(node, element(role, parent, attributes));
    return;
  }
  planChildren(node, parent);
}

/**
 * The structure of `content` under a new element of `rootType` (`Document`, `Part`, `Sect`…), as
 * src/forms/pdf-layout.ts describes the roles. Marks the content's text nodes with their slots (so it must be
 * planned before pdfmake lays it out, and each node belongs to one plan).
 */
export function planStructure(content: unknown[], rootType: string, parent?: StructElement): StructElement {
  return planInto(content, element(rootType, parent));
}

/** {@link planStructure} into an element made before (to keep its place among its parent's children). */
export function planInto(content: unknown[], root: StructElement): StructElement {
  const nodes: object[] = [];
  planned = nodes;
  try {
    planList(content, root);
  } finally {
    planned = undefined;
  }
  root.textNodes = root.textNodes ? root.textNodes.concat(nodes) : nodes;
  return root;
}

/** An element of `type` under `parent`, for structure a printer adds around content (the book's parts). */
export function structElement(type: string, parent?: StructElement, title?: string): StructElement {
  return element(type, parent, undefined, title);
}

// ————— the patch —————

interface PdfkitDocument {
  options: { tagged?: boolean };
  page: {
    dictionary: PdfRef;
    structParentTreeKey: number;
    markings: { tag: string }[];
    annotations: PdfRef[];
  };
  createStructParentTreeNextKey(): number;
  ref(data: object): PdfRef;
  addContent(text: string): void;
  getStructParentTree(): { get(key: number): unknown[]; add(key: number, value: unknown): void };
  getStructTreeRoot(): PdfRef;
  annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): unknown;
  [STATE]?: TagState;
}

interface TagState {
  /** The `inlines` of every line drawn so far: a line drawn again is a repeated header, an artifact. */
  drawn: Set<object>;
  /** The page whose artifact sequence is open: consecutive artifacts (a table's rules) share one. */
  open?: object;
  /** The line being drawn as marked content, and its slot: a link annotation drawn now belongs to its element. */
  slot?: Slot;
  line?: Line;
  /** The page whose parent tree entry is `parents` (looked up once a page, not once a line). */
  parentsPage?: object;
  parents?: unknown[];
}

const STATE = Symbol("hyoka.tagState");

interface Line {
  inlines: { text?: string }[];
}

function stateOf(doc: PdfkitDocument): TagState | undefined {
  if (doc.options?.tagged !== true) return undefined;
  let state = doc[STATE];
  if (!state) {
    state = { drawn: new Set() };
    doc[STATE] = state;
    tagAnnotations(doc, state);
  }
  return state;
}

/**
 * A link drawn with marked content (by pdfkit's `link` or `goTo`, which call `annotate`): its annotation
 * belongs to the content's element too (`/OBJR`, `/StructParent`). An own property of the tagged document
 * (never the prototype), installed with its tagging state; outside marked content it is pdfkit's `annotate`.
 */
function tagAnnotations(doc: PdfkitDocument, state: TagState): void {
  const annotate = doc.annotate;
  doc.annotate = function taggedAnnotate(this: PdfkitDocument, x, y, w, h, options) {
    const slot = state.slot;
    if (!slot) return annotate.call(this, x, y, w, h, options);
    const target = slot.element;
    const page = this.page.dictionary;
    const key = this.createStructParentTreeNextKey();
    options.StructParent = key;
    // PDF/UA asks a link for its description: the text it is drawn on.
    if (options.Contents === undefined && options.Subtype === "Link")
      options.Contents = new String(lineText(state.line as Line).trim());
    const before = this.page.annotations.length;
    const result = annotate.call(this, x, y, w, h, options);
    const annotation = this.page.annotations[before];
    if (annotation) {
      this.getStructParentTree().add(key, target.ref);
      slot.annotations ??= [];
      slot.annotations.push({ page, annotation });
    }
    return result;
  };
}

function lineText(line: Line): string {
  let text = "";
  for (const inline of line.inlines ?? []) text += inline.text ?? "";
  return text;
}

/** Whether a line prints white space only (`lineText(line).trim() === ""`, without joining its texts). */
function blank(line: Line): boolean {
  for (const inline of line.inlines ?? []) {
    const text = inline.text;
    if (text !== undefined && text !== null && NOT_BLANK.test(text)) return false;
  }
  return true;
}

/**
 * Opens an artifact sequence for what is drawn next: the page's open one, or a new one, left open for the next
 * artifact (a sheet draws some 500 rules and fills, mostly in runs). It is closed before marked content, a
 * clip or a change of the graphics state, and pdfkit closes it at the end of the page (`page.markings`).
 */
function openArtifact(doc: PdfkitDocument, state: TagState): void {
  if (state.open !== doc.page) {
    doc.addContent("/Artifact BMC");
    doc.page.markings.push({ tag: "Artifact" });
    state.open = doc.page;
  }
}

function closeArtifact(doc: PdfkitDocument, state: TagState): void {
  if (state.open !== doc.page) return;
  doc.addContent("EMC");
  doc.page.markings.pop();
  state.open = undefined;
}

/**
 * Begins a line of `slot` as a marked-content sequence of its element, with its MCID in the page's parent tree;
 * {@link endContent} ends it.
 */
function beginContent(doc: PdfkitDocument, state: TagState, slot: Slot, line: Line): void {
  closeArtifact(doc, state);
  const page = doc.page.dictionary;
  let parents = state.parents;
  if (state.parentsPage !== page || !parents) {
    parents = doc.getStructParentTree().get(doc.page.structParentTreeKey);
    state.parents = parents;
    state.parentsPage = page;
  }
  const mcid = parents.length;
  const target = slot.element;
  target.ref ??= doc.ref({});
  parents.push(target.ref);
  slot.marks.push({ page, mcid });
  doc.addContent(`/${target.type} <</MCID ${mcid}>> BDC`);
  state.slot = slot;
  state.line = line;
}

function endContent(doc: PdfkitDocument, state: TagState): void {
  state.slot = undefined;
  state.line = undefined;
  doc.addContent("EMC");
}

const INSTALLED = Symbol.for("hyoka.structure");

interface RendererPrototype {
  renderLine(this: { pdfDocument: PdfkitDocument }, line: Line, x: number, y: number): void;
  renderVector(this: { pdfDocument: PdfkitDocument }, vector: unknown): void;
  renderImage(this: { pdfDocument: PdfkitDocument }, image: unknown): void;
  renderSVG(this: { pdfDocument: PdfkitDocument }, svg: unknown): void;
  beginClip(this: { pdfDocument: PdfkitDocument }, item: unknown): void;
  endClip(this: { pdfDocument: PdfkitDocument }, item: unknown): void;
  beginVerticalAlignment(this: { pdfDocument: PdfkitDocument }, item: unknown): void;
  endVerticalAlignment(this: { pdfDocument: PdfkitDocument }, item: unknown): void;
  [INSTALLED]?: true;
}

/** Installs the structure patch (see the module's comment). Idempotent; install after the renderers' patches. */
export function installStructure(): void {
  const Renderer = (pdfmakeInternal("Renderer") as { default: { prototype: RendererPrototype } }).default;
  const LayoutBuilder = (
    pdfmakeInternal("LayoutBuilder") as {
      default: { prototype: { buildNextLine(textNode: Node): Line | null; [INSTALLED]?: true } };
    }
  ).default;
  const builder = LayoutBuilder.prototype;
  if (!builder[INSTALLED]) {
    const buildNextLine = builder.buildNextLine;
    builder.buildNextLine = function slottedBuildNextLine(textNode) {
      const line = buildNextLine.call(this, textNode);
      if (line && textNode) {
        const slot = SLOTS.get(textNode);
        if (slot) SLOTS.set(line.inlines, slot);
      }
      return line;
    };
    builder[INSTALLED] = true;
  }
  const proto = Renderer.prototype;
  if (proto[INSTALLED]) return;
  const { renderLine, renderVector, renderImage, renderSVG } = proto;
  proto.renderLine = function taggedRenderLine(line, x, y) {
    const doc = this.pdfDocument;
    const state = stateOf(doc);
    if (!state) {
      renderLine.call(this, line, x, y);
      return;
    }
    const slot = SLOTS.get(line.inlines);
    if (!slot || state.drawn.has(line.inlines) || blank(line)) {
      openArtifact(doc, state);
      renderLine.call(this, line, x, y);
      return;
    }
    state.drawn.add(line.inlines);
    beginContent(doc, state, slot, line);
    try {
      renderLine.call(this, line, x, y);
    } finally {
      endContent(doc, state);
    }
  };
  const artifact = <T>(original: (this: { pdfDocument: PdfkitDocument }, item: T) => void) =>
    function taggedArtifact(this: { pdfDocument: PdfkitDocument }, item: T) {
      const doc = this.pdfDocument;
      const state = stateOf(doc);
      if (state) openArtifact(doc, state);
      original.call(this, item);
    };
  proto.renderVector = artifact(renderVector);
  proto.renderImage = artifact(renderImage);
  proto.renderSVG = artifact(renderSVG);
  // A clip or a shift of the graphics state (`q`… `Q`) is kept out of an artifact sequence: sequences and
  // graphics states nest.
  const closing = <T>(original: (this: { pdfDocument: PdfkitDocument }, item: T) => void) =>
    function closingArtifact(this: { pdfDocument: PdfkitDocument }, item: T) {
      const state = stateOf(this.pdfDocument);
      if (state) closeArtifact(this.pdfDocument, state);
      original.call(this, item);
    };
  proto.beginClip = closing(proto.beginClip);
  proto.endClip = closing(proto.endClip);
  proto.beginVerticalAlignment = closing(proto.beginVerticalAlignment);
  proto.endVerticalAlignment = closing(proto.endVerticalAlignment);
  proto[INSTALLED] = true;
}

/** What {@link writeStructure} uses of a pdfkit document beyond {@link PdfkitDocument}: its object writer. */
interface PdfkitWriter {
  _offset: number;
  _security?: unknown;
  _write(data: string | Uint8Array): void;
  _refEnd(ref: PdfRef): void;
}

interface WrittenRef extends PdfRef {
  id: number;
  gen: number;
  offset?: number;
}

/** A number as pdfkit's `PDFObject.number` writes it. */
function pdfNumber(n: number): string {
  if (n > -1e21 && n < 1e21) return `${Math.round(n * 1e6) / 1e6}`;
  throw new Error(`unsupported number: ${n}`);
}

/** An MCID (a whole number) as {@link pdfNumber} writes it. */
const integerText = (n: number): string => (Number.isInteger(n) && n >= 0 && n < 1e9 ? `${n}` : pdfNumber(n));

/** A reference as pdfkit writes it (`PDFReference.toString`). */
const refText = (ref: PdfRef): string => `${(ref as WrittenRef).id} ${(ref as WrittenRef).gen} R`;

/**
 * The `/A` attributes of a table cell as pdfkit's `PDFObject.convert` writes a dictionary: names (strings) and
 * numbers only (see `attributesOf`).
 */
function attributesText(a: Record<string, string | number>): string {
  let out = "<<";
  for (const key in a) {
    const v = a[key];
    out += `\n/${key} ${typeof v === "number" ? pdfNumber(v) : `/${v}`}`;
  }
  return `${out}\n>>`;
}

/** The slot a text node or a line (by its `inlines`) is planned to print into, if any. For tests. */
export function slotOf(nodeOrInlines: object): Slot | undefined {
  return SLOTS.get(nodeOrInlines);
}

/** What the tagging state of a document still holds: lines drawn, and whether it points at a page. For tests. */
export function taggingHold(doc: unknown): { drawnLines: number; holdsPage: boolean } | undefined {
  const state = (doc as PdfkitDocument)[STATE];
  if (!state) return undefined;
  return {
    drawnLines: state.drawn.size,
    holdsPage: state.open !== undefined || state.parentsPage !== undefined || state.parents !== undefined,
  };
}

/**
 * Lets go of what tagged the content of `root`, once it is written: the slots of its text nodes and of every line
 * drawn so far, and (for the whole document: `ended`) the tagging state's hold on the document's pages.
 *
 * Not for memory, which a sheet's end frees anyway, but for the young-generation collector. Measured with
 * `--trace-gc-nvp` over 360 sheets in one process: 327–377 MB promoted to the old generation against 82–84 MB
 * for drafts, each young collection about three times as long; with this release 92–94 MB, the pauses a draft's.
 * Cutting the slots alone, or the state alone, did not do it; both together did. The likely mechanism (not seen
 * directly): V8 had started to allocate these long-lived objects in the old generation ("pretenuring"), and an
 * old object still pointing at a finished document keeps it, with its pages, fonts and output, alive through
 * every young collection until the next full one.
 */
function releaseWritten(kit: PdfkitDocument, root: StructElement, ended: boolean): void {
  if (root.textNodes) {
    for (const node of root.textNodes) SLOTS.delete(node);
    root.textNodes = undefined;
  }
  const state = kit[STATE];
  if (!state) return;
  // A line drawn before is never drawn again as content: a book's next sheet starts on a new page.
  for (const inlines of state.drawn) SLOTS.delete(inlines);
  state.drawn.clear();
  if (!ended) return;
  state.open = undefined;
  state.parentsPage = undefined;
  state.parents = undefined;
}

/**
 * Writes the elements of `root` (and below) into a tagged document, `root` as the child of `parentRef` (the
 * structure tree root when absent). Call once the content of `root` is drawn; the document's parent tree and
 * structure tree root are written by pdfkit when it ends.
 *
 * The elements are written as pdfkit's `PDFReference.end` would write them (`N 0 obj`, the dictionary as
 * `PDFObject.convert` writes it, `endobj`, each line ended by a newline, every object's offset given to the
 * cross-reference table through `_refEnd`), in the same order and with the same object numbers, but as one
 * piece of text: a sheet has some 300 elements, and pdfkit's way (a dictionary converted value by value, then
 * three buffers pushed into the output stream for each object) was most of the cost of writing them. An
 * element with a title (`/T`, a text string) is written by pdfkit itself, as is every element of an encrypted
 * document. Held byte for byte to pdfkit by structure.test.ts.
 */
export function writeStructure(
  doc: unknown,
  root: StructElement,
  parentRef?: PdfRef,
  /** `viaPdfkit`: every element written by pdfkit (the test that holds the text to pdfkit's). */
  options: { viaPdfkit?: boolean } = {},
): PdfRef {
  const kit = doc as PdfkitDocument & PdfkitWriter;
  const treeRoot = kit.getStructTreeRoot();
  const direct = kit._security == null && options.viaPdfkit !== true;
  // Objects written as text, not yet given to the document: their text, and their offsets from its start.
  let text = "";
  const pending: WrittenRef[] = [];
  const offsets: number[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const base = kit._offset;
    kit._write(Buffer.from(text, "latin1"));
    for (let i = 0; i < pending.length; i++) {
      const ref = pending[i] as WrittenRef;
      ref.offset = base + (offsets[i] as number);
      kit._refEnd(ref);
    }
    text = "";
    pending.length = 0;
    offsets.length = 0;
  };
  const write = (e: StructElement, parent: PdfRef): PdfRef => {
    e.ref ??= kit.ref({});
    const ref = e.ref;
    if (e.written) return ref;
    // Written as text, or (an element with a title, or any element of an encrypted document) by pdfkit.
    if (direct && !e.title) writeAsText(e, ref as WrittenRef, parent);
    else writeByPdfkit(e, ref, parent);
    // What is written is no longer needed: a book's elements go as each sheet is written.
    e.children = [];
    e.written = true;
    return ref;
  };
  const writeAsText = (e: StructElement, ref: WrittenRef, parent: PdfRef): void => {
    // The children are written first (their objects come before this one, as pdfkit would have them).
    let kids = "";
    let pageOfElement: PdfRef | undefined;
    const children = e.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as StructElement | Slot;
      if (!isSlot(child)) {
        kids += kids === "" ? refText(write(child, ref)) : ` ${refText(write(child, ref))}`;
        continue;
      }
      const marks = child.marks;
      for (let m = 0; m < marks.length; m++) {
        const mark = marks[m] as Slot["marks"][number];
        pageOfElement ??= mark.page;
        const value =
          mark.page === pageOfElement
            ? integerText(mark.mcid)
            : `<<\n/Type /MCR\n/Pg ${refText(mark.page)}\n/MCID ${integerText(mark.mcid)}\n>>`;
        kids += kids === "" ? value : ` ${value}`;
      }
      if (child.annotations)
        for (const a of child.annotations) {
          const value = `<<\n/Type /OBJR\n/Pg ${refText(a.page)}\n/Obj ${refText(a.annotation)}\n>>`;
          kids += kids === "" ? value : ` ${value}`;
        }
    }
    let body = `${ref.id} ${ref.gen} obj\n<<\n/Type /StructElem\n/S /${e.type}\n/P ${refText(parent)}`;
    if (pageOfElement) body += `\n/Pg ${refText(pageOfElement)}`;
    if (e.attributes) body += `\n/A ${attributesText(e.attributes)}`;
    body += `\n/K [${kids}]\n>>\nendobj\n`;
    offsets.push(text.length);
    pending.push(ref);
    text += body;
  };
  const writeByPdfkit = (e: StructElement, ref: PdfRef, parent: PdfRef): void => {
    const kids: unknown[] = [];
    let pageOfElement: PdfRef | undefined;
    for (const child of e.children) {
      if (!isSlot(child)) {
        kids.push(write(child, ref));
        continue;
      }
      for (const mark of child.marks) {
        pageOfElement ??= mark.page;
        kids.push(mark.page === pageOfElement ? mark.mcid : { Type: "MCR", Pg: mark.page, MCID: mark.mcid });
      }
      for (const a of child.annotations ?? []) kids.push({ Type: "OBJR", Pg: a.page, Obj: a.annotation });
    }
    // What is waiting goes first, to keep the order of the objects.
    flush();
    const data: Record<string, unknown> = { Type: "StructElem", S: e.type, P: parent };
    if (pageOfElement) data.Pg = pageOfElement;
    if (e.title) data.T = new String(e.title);
    if (e.attributes) data.A = e.attributes;
    data.K = kids;
    Object.assign(ref.data, data);
    ref.end();
  };
  const ref = write(root, parentRef ?? treeRoot);
  flush();
  releaseWritten(kit, root, parentRef === undefined);

  if (!parentRef) {
    const k = (treeRoot.data.K as unknown[] | undefined) ?? [];
    k.push(ref);
    treeRoot.data.K = k;
  }
  return ref;
}
