/**
 * pdfmake's style lookups without their allocations. pdfmake resolves about twenty style properties for every
 * word it measures (`TextInlines.measure`), and a line of Japanese has a word per character, so a sheet asks
 * some 150 000 times. Each ask, as pdfmake 0.3.11 writes it, pushes the word onto the style stack and pops it
 * again, creates a closure, and creates a `Set` per named style it visits: 18 % of the CPU time of rendering a
 * sheet's PDF went there (profiled), and much of the garbage.
 *
 * The replacements give the same answer for every input, in the same order of precedence: the item's own
 * value; then (as `autopush` would have pushed them) the item as an override object and its named styles, last
 * first; then the stack from its top; then the default style. A named style with `extends` takes pdfmake's
 * own recursive path, unchanged.
 *
 * Why a patch of `StyleContextStack`: pdfmake calls the static `getStyleProperty` and the method
 * `getProperty` through the class at every use, and creates its stacks inside the layout builder.
 */
import { pdfmakeInternal } from "./internals.js";

type StyleDictionary = Record<string, Record<string, unknown> | undefined>;

interface StyleContextStackLike {
  styleDictionary: StyleDictionary;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: unknown[];
  getProperty(property: string): unknown;
}

interface StyleContextStackClass {
  prototype: StyleContextStackLike;
  getStyleProperty(
    item: unknown,
    stack: StyleContextStackLike | undefined,
    property: string,
    fallback: unknown,
  ): unknown;
}

const isValue = (v: unknown) => v !== undefined && v !== null;
const isString = (v: unknown): v is string | string => typeof v === "string" || v instanceof String;

/** pdfmake's lookup in a named style and what it extends, for styles that extend others. */
function fromStyleWithExtends(
  dictionary: StyleDictionary,
  styleName: string,
  property: string,
  visited: Set<string>,
): unknown {
  if (visited.has(styleName)) return undefined;
  visited.add(styleName);
  const style = dictionary[styleName];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (style.extends) {
    const parents = (Array.isArray(style.extends) ? style.extends : [style.extends]) as string[];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = fromStyleWithExtends(dictionary, parents[i] as string, property, visited);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

function fromStyle(dictionary: StyleDictionary, styleName: string | string, property: string): unknown {
  const style = dictionary[styleName as string];
  if (!style) return undefined;
  const value = style[property];
  if (isValue(value)) return value;
  if (!style.extends) return undefined;
  // pdfmake's Set holds the name as it was pushed (a String object stays one); keep that.
  return fromStyleWithExtends(dictionary, styleName as string, property, new Set());
}

/** One entry of the stack: a style name or an override object. */
function fromEntry(dictionary: StyleDictionary, entry: unknown, property: string): unknown {
  if (isString(entry)) return fromStyle(dictionary, entry, property);
  return (entry as Record<string, unknown>)[property];
}

function getProperty(this: StyleContextStackLike, property: string): unknown {
  const overrides = this.styleOverrides;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const value = fromEntry(this.styleDictionary, overrides[i], property);
      if (isValue(value)) return value;
    }
  }
  // As pdfmake: a missing default style gives itself (null stays null), not undefined.
  // biome-ignore lint/complexity/useOptionalChain: an optional chain would turn a null default style into undefined.
  return this.defaultStyle && this.defaultStyle[property];
}

function getStyleProperty(
  item: unknown,
  stack: StyleContextStackLike | undefined,
  property: string,
  fallback: unknown,
): unknown {
  const own = (item as Record<string, unknown>)[property];
  if (isValue(own)) return own;
  if (!stack) return fallback;
  // What `autopush` would push: nothing for a string or a section; else the item's named styles, then the
  // item itself (whose own value is already known to be absent).
  if (!isString(item) && (item as { section?: unknown }).section === undefined) {
    const style = (item as { style?: unknown }).style;
    if (style) {
      const names = Array.isArray(style) ? style : [style];
      for (let i = names.length - 1; i >= 0; i--) {
        const value = fromEntry(stack.styleDictionary, names[i], property);
        if (isValue(value)) return value;
      }
    }
  }
  const value = stack.getProperty(property);
  return isValue(value) ? value : fallback;
}

const INSTALLED = Symbol.for("hyoka.styleStack");

/** Installs the allocation-free lookups on pdfmake's `StyleContextStack`. Idempotent. */
export function installFastStyleLookup(): void {
  const StyleContextStack = (
    pdfmakeInternal("StyleContextStack") as {
      default: StyleContextStackClass & { [INSTALLED]?: true };
    }
  ).default;
  if (StyleContextStack[INSTALLED]) return;
  StyleContextStack.prototype.getProperty = getProperty;
  StyleContextStack.getStyleProperty = getStyleProperty;
  StyleContextStack[INSTALLED] = true;
}
