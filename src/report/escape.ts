/**
 * File names as they are shown on a terminal. A name can hold anything but `/` and NUL: an escape sequence in
 * one could recolour, move the cursor or retitle the window, and a bidi override could make `evil‮nosj.exe`
 * read as `evilexe.json`. Such characters are shown as `\u001b` or `\u202e` (terminal-text.ts, the one escaping
 * rule for everything hyoka prints); in a name, a tab is escaped too. Everything else, Japanese included, is
 * shown as it is.
 */
import { escapeForTerminal } from "./terminal-text.js";

/** `name` with every character that could act on a terminal, or hide what the name says, escaped. */
export function showPath(name: string): string {
  return escapeForTerminal(name).replaceAll("\t", "\\u0009");
}

/** Whether `name` holds a character `showPath` would escape. */
export function hasUnsafeCharacters(name: string): boolean {
  return showPath(name) !== name;
}
