/**
 * JSON with positions. JSON.parse keeps the last of two equal keys silently and knows no line numbers, so a
 * sheet that needs either (a syntax error, a duplicate or forbidden key, a number out of range) is parsed with
 * momoa into a tree and turned into values here, remembering where each value stood.
 *
 * Most sheets need neither, and momoa's tree cost 1.7 ms a sheet in a build (a tenth of a warm sheet's load,
 * validate and model time): so a sheet is first read with JSON.parse, and taken from there when nothing would
 * differ. Every object member of a JSON text has exactly one colon outside strings, so counting those colons
 * while the nesting depth is checked anyway tells whether JSON.parse dropped a duplicate key; the positions are
 * then found (with momoa) only when a diagnostic asks for one.
 */
import { type AnyNode, parse as parseTree } from "@humanwhocodes/momoa";
import type { Position } from "../diagnostics.js";
import type { Localized } from "../i18n.js";
import { clipText } from "../report/terminal-text.js";

/** Nesting deeper than this is refused before parsing: a sheet is 6 levels deep, a recursive parser is not. */
export const MAX_DEPTH = 32;

/** Keys that would reach Object.prototype or confuse code that reads the data. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface JsonProblem {
  code: string;
  position: Position;
  message: Localized;
  hint?: Localized;
  pointer?: string;
}

export interface ParsedJson {
  value: unknown;
  /** Where the value at a path starts; for a path that does not exist, its nearest existing parent. */
  locate(path: readonly PropertyKey[]): Position;
  /** Where the key of an object member stands. */
  locateKey(path: readonly PropertyKey[]): Position | undefined;
  problems: JsonProblem[];
}

export function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** Line and column (1-based, in characters as an editor counts them) of an offset in the text. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The nesting problem of a text, if any; else how many colons stand outside its strings. */
function scan(text: string): JsonProblem | number {
  let depth = 0;
  let inString = false;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 58) colons++;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) {
        return {
          code: "json-depth",
          position: positionAt(text, i),
          message: {
            ja: `入れ子が深すぎます(${MAX_DEPTH}段まで)`,
            en: `nesting is too deep (at most ${MAX_DEPTH} levels)`,
          },
        };
      }
    } else if (c === 93 || c === 125) depth--;
  }
  if (depth > 0 || inString) {
    return {
      code: "json-syntax",
      position: positionAt(text, text.trimEnd().length),
      message: {
        ja: 'JSON の書式が正しくありません: 途中でファイルが終わっています(} や ] や " の閉じ忘れ)',
        en: 'invalid JSON: the file ends too early (a missing }, ] or ")',
      },
    };
  }
  return colons;
}

const FULLWIDTH_DIGIT = /[０-９－．，]/;

function syntaxHint(text: string, offset: number | undefined): Localized | undefined {
  if (offset === undefined) return undefined;
  const ch = text[offset] ?? "";
  if (FULLWIDTH_DIGIT.test(ch))
    return {
      ja: "数値に全角文字は使えません。半角数字で書いてください(例: 326331)",
      en: "numbers must use ASCII digits (e.g. 326331), not full-width ones",
    };
  const before = text.slice(0, offset).trimEnd();
  if ((ch === "}" || ch === "]") && before.endsWith(","))
    return {
      ja: "最後の要素の後ろのカンマ(,)を消してください",
      en: "remove the comma after the last element",
    };
  if (ch === "“" || ch === "”" || ch === "'")
    return {
      ja: '文字列は半角の二重引用符 " で囲んでください',
      en: 'strings are enclosed in straight double quotes "',
    };
  return undefined;
}

const TOKEN_NAMES: Record<string, string> = {
  LBrace: "{",
  RBrace: "}",
  LBracket: "[",
  RBracket: "]",
  Comma: ",",
  Colon: ":",
  String: "文字列 / a string",
  Number: "数値 / a number",
  Boolean: "true/false",
  Null: "null",
};

/** momoa's messages, said in Japanese too. */
function syntaxMessage(raw: string): Localized {
  let m = /^Unexpected token (\w+) found\.$/.exec(raw);
  if (m) {
    const name = TOKEN_NAMES[m[1] ?? ""] ?? m[1];
    return { ja: `ここに ${name} は置けません`, en: `unexpected ${name}` };
  }
  m = /^Unexpected character '(.*)' found\.$/.exec(raw);
  if (m) return { ja: `使えない文字 '${m[1]}' があります`, en: `unexpected character '${m[1]}'` };
  m = /^Unexpected identifier '(.*)' found\.$/.exec(raw);
  if (m)
    return {
      ja: `'${m[1]}' は JSON の値ではありません(文字列なら " で囲みます)`,
      en: `'${m[1]}' is not a JSON value (strings need double quotes)`,
    };
  if (/end of input/i.test(raw))
    return {
      ja: "途中でファイルが終わっています(} や ] の閉じ忘れ)",
      en: "unexpected end of file (a missing } or ])",
    };
  return { ja: raw, en: raw };
}

export function parseJson(text: string): ParsedJson | JsonProblem {
  if (text.trim() === "") {
    return {
      code: "json-empty",
      position: { line: 1, column: 1 },
      message: { ja: "ファイルが空です", en: "the file is empty" },
    };
  }
  const scanned = scan(text);
  if (typeof scanned !== "number") return scanned;
  const plain = parsePlain(text, scanned);
  if (plain === undefined) return parseWithPositions(text);
  let located: ParsedJson | undefined;
  const positions = () => {
    located ??= parseWithPositions(text) as ParsedJson;
    return located;
  };
  return {
    value: plain,
    locate: (path) => positions().locate(path),
    locateKey: (path) => positions().locateKey(path),
    problems: [],
  };
}

/**
 * The value of `text` as {@link parseWithPositions} would give it, when that would report no problem: strings
 * and keys in NFC, no key twice (`members`, the colons outside strings, is every member the text has), none
 * forbidden, every number finite. `undefined` otherwise, or when JSON.parse fails.
 */
function parsePlain(text: string, members: number): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  let seen = 0;
  let clean = true;
  const copy = (v: unknown): unknown => {
    if (typeof v === "string") return v.normalize("NFC");
    if (typeof v === "number") {
      if (!Number.isFinite(v)) clean = false;
      return v;
    }
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(copy);
    const source = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const rawKey of Object.keys(source)) {
      seen++;
      const key = rawKey.normalize("NFC");
      if (FORBIDDEN_KEYS.has(key) || Object.hasOwn(out, key)) clean = false;
      Object.defineProperty(out, key, {
        value: copy(source[rawKey]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  const value = copy(raw);
  return clean && seen === members ? value : undefined;
}

/** {@link parseJson} without its JSON.parse path: every value located as it is built. */
export function parseWithPositions(text: string): ParsedJson | JsonProblem {
  let tree: ReturnType<typeof parseTree>;
  try {
    tree = parseTree(text, { mode: "json", ranges: true });
  } catch (error) {
    const e = error as { message?: string; line?: number; column?: number; offset?: number };
    const raw = String(e.message ?? error).replace(/\s*\(\d+:\d+\)\s*$/, "");
    const position = { line: e.line ?? 1, column: e.column ?? 1 };
    const hint = syntaxHint(text, e.offset ?? (e.line ? undefined : 0));
    return {
      code: "json-syntax",
      position,
      message: {
        ja: `JSON の書式が正しくありません: ${syntaxMessage(raw).ja}`,
        en: `invalid JSON: ${syntaxMessage(raw).en}`,
      },
      ...(hint ? { hint } : {}),
    };
  }

  const positions = new Map<string, Position>();
  const keyPositions = new Map<string, Position>();
  const problems: JsonProblem[] = [];
  const pos = (node: AnyNode): Position => ({ line: node.loc.start.line, column: node.loc.start.column });

  const build = (node: AnyNode, path: PropertyKey[]): unknown => {
    const pointer = pointerOf(path);
    positions.set(pointer, pos(node));
    switch (node.type) {
      case "Object": {
        const out: Record<string, unknown> = {};
        const seen = new Map<string, Position>();
        for (const member of node.members) {
          const key = member.name.type === "String" ? member.name.value.normalize("NFC") : member.name.name;
          const keyPos = pos(member.name);
          if (FORBIDDEN_KEYS.has(key)) {
            problems.push({
              code: "json-forbidden-key",
              position: keyPos,
              pointer: pointerOf([...path, key]),
              message: { ja: `キー "${key}" は使えません`, en: `the key "${key}" is not allowed` },
            });
            continue;
          }
          const first = seen.get(key);
          if (first) {
            problems.push({
              code: "json-duplicate-key",
              position: keyPos,
              pointer: pointerOf([...path, key]),
              message: {
                ja: `キー "${clipText(key, "ja")}" が2回あります(${first.line}行${first.column}列 と ${keyPos.line}行${keyPos.column}列)`,
                en: `the key "${clipText(key, "en")}" appears twice (line ${first.line} column ${first.column} and line ${keyPos.line} column ${keyPos.column})`,
              },
              hint: { ja: "どちらか一方を消してください", en: "remove one of them" },
            });
            continue;
          }
          seen.set(key, keyPos);
          keyPositions.set(pointerOf([...path, key]), keyPos);
          Object.defineProperty(out, key, {
            value: build(member.value, [...path, key]),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      case "Array":
        return node.elements.map((el, i) => build(el.value, [...path, i]));
      case "String":
        return node.value.normalize("NFC");
      case "Number":
        if (!Number.isFinite(node.value)) {
          problems.push({
            code: "json-number-range",
            position: pos(node),
            pointer,
            message: { ja: "数値が大きすぎます", en: "the number is too large" },
          });
          return null;
        }
        return node.value;
      case "Boolean":
        return node.value;
      case "Null":
        return null;
      default:
        return undefined;
    }
  };

  const value = build(tree.body, []);
  const locate = (path: readonly PropertyKey[]): Position => {
    for (let n = path.length; n >= 0; n--) {
      const p = positions.get(pointerOf(path.slice(0, n)));
      if (p) return p;
    }
    return { line: 1, column: 1 };
  };
  const locateKey = (path: readonly PropertyKey[]) => keyPositions.get(pointerOf(path));
  return { value, locate, locateKey, problems };
}

export function isProblem(result: ParsedJson | JsonProblem): result is JsonProblem {
  return "code" in result && "position" in result;
}
