/**
 * Layout knowledge every form's PDF layout needs, as small pure functions: keeping a table's first row with its
 * section heading, and an upper bound of a cell's height, by which a layout decides whether a row or block may
 * be kept whole (pdfmake silently drops content kept whole and taller than a page).
 */
import type { TableCell } from "pdfmake/interfaces.js";
import { KEEP_WITH_HEADING_LEVEL } from "./pdf-layout.js";

/**
 * Marks a (small) cell that must start on its section heading's page. pdfmake skips empty texts when it looks
 * for page breaks, so an empty marked cell holds a space.
 */
export function keepWithHeading(cell: TableCell): TableCell {
  const c = cell as { text?: unknown };
  return {
    ...c,
    ...(c.text === "" ? { text: " " } : {}),
    headlineLevel: KEEP_WITH_HEADING_LEVEL,
  } as TableCell;
}

/** The text a cell prints: its string, or its runs joined. */
export function cellText(cell: TableCell): string {
  const c = cell as { text?: unknown };
  if (typeof c.text === "string") return c.text;
  if (Array.isArray(c.text))
    return c.text
      .map((p) => (typeof p === "string" ? p : String((p as { text?: unknown }).text ?? "")))
      .join("");
  return "";
}

export interface CellMetrics {
  /** The layout's font size, for a cell that sets none. */
  fontSize: number;
  lineHeight: number;
  /** What a cell adds to its lines: paddings above and below, and rules. */
  extra: number;
}

/**
 * An upper bound of a cell's height: every character as wide as a full-width one, one more line per paragraph
 * for what 禁則 leaves at a line's end, plus the cell's paddings and rules. Only ever too high, never too low.
 * `textWidth` is the text's room: the column's width without paddings.
 */
export function cellHeightBound(cell: TableCell, textWidth: number, metrics: CellMetrics): number {
  const size = (cell as { fontSize?: number }).fontSize ?? metrics.fontSize;
  const perLine = Math.max(1, Math.floor(textWidth / size));
  const lines = cellText(cell)
    .split("\n")
    .reduce((n, part) => n + Math.ceil([...part].length / perLine) + 1, 0);
  return lines * size * metrics.lineHeight + metrics.extra;
}
