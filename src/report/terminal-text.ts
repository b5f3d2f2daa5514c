/**
 * Text from data files (keys, values quoted in messages) and file names reaches the terminal inside
 * diagnostics. A terminal obeys what it is sent: ESC starts a control sequence (colours, cursor moves, window
 * titles, hyperlinks), other C0 and C1 controls move the cursor or erase, bidi overrides reorder what the line
 * seems to say, and a line separator or line feed can forge a line that looks like hyoka's own. Such characters
 * are shown escaped (`\u001b`), never sent raw; everything printable, Japanese included, is left as it is.
 * report.json keeps the raw text: JSON escapes controls itself.
 */
import type { Lang } from "../i18n.js";

/**
 * C0 controls but tab, DEL, C1 controls, the Arabic letter mark, zero-width characters and LRM/RLM, the BOM, U+2028/2029, the bidi embeddings
 * and overrides U+202A–202E, the isolates U+2066–2069, and lone surrogates (with the `u` flag a surrogate in
 * the class matches only when it is not half of a pair).
 */
const UNSAFE_CLASS =
  "[\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2069\\uFEFF\\uD800-\\uDFFF]";
const UNSAFE = new RegExp(UNSAFE_CLASS, "u");
const UNSAFE_ALL = new RegExp(UNSAFE_CLASS, "gu");

function escapeOne(ch: string): string {
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
}

/** `text` with every character that could steer a terminal written as `\uXXXX`; otherwise unchanged. */
export function escapeForTerminal(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, escapeOne);
}

/** The most characters of one data value (a key, say) that a message quotes before cutting it short. */
export const MAX_QUOTED = 80;

/**
 * `text` cut to its first `max` characters, followed by its length (`…(100000 文字)`), when it is longer: a
 * key of 100,000 characters is named without printing it whole.
 */
export function clipText(text: string, lang: Lang, max = MAX_QUOTED): string {
  if (text.length <= max) return text;
  const chars = [...text];
  if (chars.length <= max) return text;
  const more = lang === "ja" ? `…(${chars.length} 文字)` : `…(${chars.length} characters)`;
  return `${chars.slice(0, max).join("")}${more}`;
}
