/**
 * The text of a sheet written by `hyoka import`, laid out as the hand-written sheets in data/ are: two spaces
 * of indentation, and an object that is an item of a list and holds only single values on one line
 * (`{ "year": 2011, "grade": "AⅠ" }`), so a year or an amount reads as one row. Everything else is JSON.stringify's
 * own text (its escapes, its numbers), so the file reads back to the same value.
 */
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
  if (inList && entries.every(([, v]) => isScalar(v)))
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")} }`;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, false)}`).join(",\n")}\n${indent}}`;
}

/** The file's text, with a final line feed. */
export function sheetText(value: unknown): string {
  return `${write(value as Json, "", false)}\n`;
}
