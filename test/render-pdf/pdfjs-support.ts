/**
 * Reading tagged PDFs with pdf.js (pdfjs-dist's legacy build, the one for Node): the structure tree of each page
 * (`page.getStructTree()`) with the text of each marked-content sequence (`getTextContent({
 * includeMarkedContent: true })`), as a reader of tagged PDFs (a screen reader through a viewer) gets them.
 */
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";

export interface StructNode {
  role: string;
  children: (StructNode | { mcid: string; text: string })[];
}

export interface PageStructure {
  /** The page's part of the structure tree, each content leaf with its text. */
  tree: StructNode;
  /** Text drawn outside any marked content (must be none). */
  unmarked: string[];
  /** Text drawn as artifacts. */
  artifacts: string[];
  /** Text in marked content, in drawing order. */
  marked: string[];
}

interface RawNode {
  role?: string;
  type?: string;
  id?: string;
  children?: RawNode[];
}

type Item =
  | { type: "beginMarkedContent" | "beginMarkedContentProps"; tag: string; id?: string | null }
  | { type: "endMarkedContent" }
  | { str: string; type?: undefined };

export async function readStructure(bytes: Uint8Array): Promise<PageStructure[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, useSystemFonts: false })
    .promise;
  const pages: PageStructure[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const textById = new Map<string, string>();
      const unmarked: string[] = [];
      const artifacts: string[] = [];
      const marked: string[] = [];
      const stack: { tag: string; id?: string | null }[] = [];
      for (const item of content.items as Item[]) {
        if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") {
          stack.push({ tag: item.tag, id: item.id ?? null });
          if (item.id) textById.set(item.id, "");
        } else if (item.type === "endMarkedContent") stack.pop();
        else if ("str" in item) {
          const id = [...stack].reverse().find((m) => m.id)?.id;
          if (stack.some((m) => m.tag === "Artifact")) artifacts.push(item.str);
          else if (id) {
            textById.set(id, (textById.get(id) ?? "") + item.str);
            marked.push(item.str);
          } else unmarked.push(item.str);
        }
      }
      const convert = (n: RawNode): StructNode => ({
        role: n.role ?? "",
        children: (n.children ?? []).map((c) =>
          c.type === "content" ? { mcid: c.id ?? "", text: textById.get(c.id ?? "") ?? "" } : convert(c),
        ),
      });
      pages.push({ tree: convert((await page.getStructTree()) as RawNode), unmarked, artifacts, marked });
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/** The text of a tree in its order (its reading order). */
export function treeText(node: StructNode): string {
  return node.children.map((c) => ("mcid" in c ? c.text : treeText(c))).join("");
}

/**
 * The tree as lines of text: roles indented, content leaves as their text with white space taken out (readers
 * guess spaces from gaps between glyph runs); MCID numbers left out.
 */
export function treeDump(node: StructNode, depth = 0): string[] {
  const lines = [`${"  ".repeat(depth)}${node.role}`];
  for (const c of node.children)
    if ("mcid" in c)
      lines.push(`${"  ".repeat(depth + 1)}${JSON.stringify(c.text.replace(/[\s\u00a0\u3000]+/gu, ""))}`);
    else lines.push(...treeDump(c, depth + 1));
  return lines;
}

/** Every role in the tree. */
export function roles(node: StructNode, out: string[] = []): string[] {
  out.push(node.role);
  for (const c of node.children) if (!("mcid" in c)) roles(c, out);
  return out;
}
