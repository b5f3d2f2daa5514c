/**
 * File names as they are shown on a terminal. A name can hold anything but `/` and NUL: an escape sequence in
 * one could recolour, move the cursor or retitle the window, and a bidi override could make `evil‮nosj.exe`
 * read as `evilexe.json`. Such characters are shown as `\x1b` or `\u202e`; everything else, Japanese included,
 * is shown as it is.
 */

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, the bidi marks, embeddings, overrides and
 * isolates, and lone surrogates (a name Node decoded from bytes that were not UTF-8 never has one, but a string
 * built otherwise may).
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `name` with every character that could act on a terminal, or hide what the name says, escaped. */
export function showPath(name: string): string {
  return name.replace(UNSAFE, escapeOne);
}

/** Whether `name` holds a character `showPath` would escape. */
export function hasUnsafeCharacters(name: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(name);
  UNSAFE.lastIndex = 0;
  return found;
}
