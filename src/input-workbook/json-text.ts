/**
 * The text of a sheet written by `hyoka import`, laid out as the hand-written sheets in data/ are: two spaces
 * of indentation, and an object that is an item of a list and holds only single values on one line
 * (`{ "year": 2011, "grade": "AⅠ" }`) when that line is short, so a year or an amount reads as one row; a longer
 * one (a project of 評価表(2) with its outline) is laid out a value a line, as a person would write it.
 * Everything else is JSON.stringify's own text (its escapes, its numbers), so the file reads back to the same
 * value.
 */

/** The longest line an item is kept on, indentation included, in UTF-16 code units. */
const ONE_LINE_MAX = 100;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isScalar(value: Json): boolean {
  return value === null || typeof value !== "object";
}

function write(value: Json, indent: string, inList: boolean): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${write(v, inner, true)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  if (inList && entries.every(([, v]) => isScalar(v))) {
    const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")} }`;
    if (indent.length + line.length <= ONE_LINE_MAX) return line;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, false)}`).join(",\n")}\n${indent}}`;
}

/** The file's text, with a final line feed. */
export function sheetText(value: unknown): string {
  return `${write(value as Json, "", false)}\n`;
}
