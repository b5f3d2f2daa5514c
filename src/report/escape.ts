/**
 * File names as they are shown on a terminal. A name can hold anything but `/` and NUL: an escape sequence in
 * one could recolour, move the cursor or retitle the window, and a bidi override could make `evil‮nosj.exe`
 * read as `evilexe.json`. Such characters are shown as `\x1b` or `\u202e`; everything else, Japanese included,
 * is shown as it is.
 */

/**
 * Whether the UTF-16 code unit `c` at `i` in `s` is unsafe: a C0 control, DEL, a C1 control, the line or
 * paragraph separator, a bidi mark, embedding, override or isolate, or half of a surrogate pair without its other
 * half (a name Node decoded from bytes that were not UTF-8 never has one, but a string built otherwise may).
 */
function unsafeAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  if (c === 0x061c || c === 0x200e || c === 0x200f || c === 0x2028 || c === 0x2029) return true;
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = s.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const previous = i > 0 ? s.charCodeAt(i - 1) : 0;
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

function escapeUnit(c: number): string {
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
}

/** `name` with every character that could act on a terminal, or hide what the name says, escaped. */
export function showPath(name: string): string {
  if (!hasUnsafeCharacters(name)) return name;
  let out = "";
  for (let i = 0; i < name.length; i++) out += unsafeAt(name, i) ? escapeUnit(name.charCodeAt(i)) : name[i];
  return out;
}

/** Whether `name` holds a character `showPath` would escape. */
export function hasUnsafeCharacters(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (unsafeAt(name, i)) return true;
  return false;
}
