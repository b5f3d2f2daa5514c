/**
 * The style of a text without a style of its own, resolved once per style stack. Every text node pdfmake
 * measures resolves some twenty-five style properties through the stack of styles around it (the cell, the
 * table, the section, the named styles): 1.2 ms a sheet in a profile, although a sheet's few hundred texts sit
 * in a few dozen distinct stacks, and every sheet of a form in the same ones.
 *
 * What such a lookup finds depends only on the stack's entries (named styles and override objects, in order),
 * the style dictionary and the default style, and of an override object only on the values it sets of the
 * properties asked. So the answers are kept in a tree per style dictionary (a form's styles are one object,
 * not changed once made) and default style (by the values it sets), keyed by the entries: a named style by its
 * name, an object by the values it sets (one that sets none, such as a node that only holds its text, margins
 * or pdfmake's bookkeeping, is left out), or by identity when a value is not a plain one. A stack seen before
 * gets the same answers without asking again; they are pdfmake's answers (style-stack.ts), asked the first time
 * a stack is seen. The font object in them is the document's own (`provideFont`), looked up once per document.
 */
import type { GetStyleProperty, ResolvedStyle, StyleStack, TextInlinesLike } from "./measure-types.js";

/** pdfmake's lookups for a word but the font's: its family and style, and every other property resolved. */
interface StyleValues {
  family: unknown;
  bold: unknown;
  italics: unknown;
  rest: Omit<ResolvedStyle, "font">;
}

/** pdfmake's lookups for a word, in its order and with its defaults, but for the font (see {@link withFont}). */
function styleValues(get: GetStyleProperty, item: object, stack: StyleStack): StyleValues {
  return {
    family: get(item, stack, "font", "Roboto"),
    bold: get(item, stack, "bold", false),
    italics: get(item, stack, "italics", false),
    rest: {
      alignment: get(item, stack, "alignment", "left"),
      fontSize: get(item, stack, "fontSize", 12) as number,
      fontFeatures: get(item, stack, "fontFeatures", null),
      characterSpacing: get(item, stack, "characterSpacing", 0),
      color: get(item, stack, "color", "black"),
      decoration: get(item, stack, "decoration", null),
      decorationColor: get(item, stack, "decorationColor", null),
      decorationStyle: get(item, stack, "decorationStyle", null),
      decorationThickness: get(item, stack, "decorationThickness", null),
      background: get(item, stack, "background", null),
      link: get(item, stack, "link", null),
      linkToPage: get(item, stack, "linkToPage", null),
      linkToDestination: get(item, stack, "linkToDestination", null),
      noWrap: get(item, stack, "noWrap", null),
      opacity: get(item, stack, "opacity", 1),
      sup: get(item, stack, "sup", false),
      sub: get(item, stack, "sub", false),
      lineHeight: get(item, stack, "lineHeight", 1) as number,
      preserveLeadingSpaces: get(item, stack, "preserveLeadingSpaces", false),
      preserveTrailingSpaces: get(item, stack, "preserveTrailingSpaces", false),
    },
  };
}

/** The values with the document's font object for their family and style (pdfmake's `provideFont`). */
function withFont(self: TextInlinesLike, values: StyleValues): ResolvedStyle {
  return { font: self.pdfDocument.provideFont(values.family, values.bold, values.italics), ...values.rest };
}

/** pdfmake's lookups for a word, in its order and with its defaults. */
export function resolveStyle(
  self: TextInlinesLike,
  get: GetStyleProperty,
  item: object,
  stack: StyleStack,
): ResolvedStyle {
  return withFont(self, styleValues(get, item, stack));
}

/** What packing and measuring ask of a stack for a text without a style of its own. */
export interface StackStyle {
  style: ResolvedStyle;
  wordBreak: unknown;
  leadingIndent: unknown;
}

export interface StyleStackLike {
  styleOverrides: unknown[];
  styleDictionary: object;
  defaultStyle?: unknown;
}

/** Every property asked of a stack here (resolveStyle's, and those of {@link StackStyle}). */
const ASKED = new Set([
  "font",
  "bold",
  "italics",
  "alignment",
  "fontSize",
  "fontFeatures",
  "characterSpacing",
  "color",
  "decoration",
  "decorationColor",
  "decorationStyle",
  "decorationThickness",
  "background",
  "link",
  "linkToPage",
  "linkToDestination",
  "noWrap",
  "opacity",
  "sup",
  "sub",
  "lineHeight",
  "preserveLeadingSpaces",
  "preserveTrailingSpaces",
  "wordBreak",
  "leadingIndent",
]);

/**
 * Calls `step` for each property `entry` sets of those asked (a lookup skips a null or undefined value), in
 * its order. False, early, at a value that is not a string, number or boolean.
 */
function eachSetting(entry: object, step: (key: string, value: string | number | boolean) => void): boolean {
  for (const key in entry) {
    if (!ASKED.has(key)) continue;
    const value = (entry as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return false;
    step(key, value);
  }
  return true;
}

/**
 * The branch after an override object: one step for each property it sets, by the property and then its value
 * (a Map keeps 8 and "8" apart). Two objects that set the same values answer every lookup alike (a table's
 * cells each carry their own `fontSize` and `alignment`, mostly the same ones), and answers depend only on the
 * order of these steps and of the named styles between them: a lookup takes the step nearest the top of the
 * stack that sets its property. The branch itself when the object sets none; undefined when a value is not a
 * plain one (the object is then known by identity).
 */
function afterSettings(branch: Branch, entry: object): Branch | undefined {
  let at = branch;
  const plain = eachSetting(entry, (key, value) => {
    at.settings ??= new Map();
    let byValue = at.settings.get(key);
    if (!byValue) {
      byValue = new Map();
      at.settings.set(key, byValue);
    }
    at = keyed(byValue, value);
  });
  return plain ? at : undefined;
}

/** What the default style sets of the properties asked, as text; undefined when a value is not a plain one. */
function settings(entry: object): string | undefined {
  let text = "";
  // The type keeps 1 and "1" apart; the separators cannot occur in a property name.
  const plain = eachSetting(entry, (key, value) => {
    text += `${key}\u0000${typeof value}\u0000${String(value)}\u0001`;
  });
  return plain ? text : undefined;
}

/** A stack's answers, the same for every document with the same styles. */
interface Answers {
  values: StyleValues;
  wordBreak: unknown;
  leadingIndent: unknown;
}

interface Branch {
  /** After a named style, by its name. */
  names?: Map<string, Branch>;
  /** After a property an override object sets, by the property and its value ({@link afterSettings}). */
  settings?: Map<string, Map<unknown, Branch>>;
  /** After an override object known by identity. */
  objects?: WeakMap<object, Branch>;
  answers?: Answers;
}

/**
 * The trees, by style dictionary (a form's styles are one object for all its documents) and by what the
 * default style sets; a default style with a value that is not a plain one gets a tree of its own.
 */
let trees = new WeakMap<object, Map<string, Branch>>();
let ownTrees = new WeakMap<object, Branch>();

/**
 * Branches made since the trees were last started afresh. A form's stacks are a few hundred; values a template
 * computes from the data (a font size that shrinks with the text, say) could make more, one per value: past this
 * many, the trees start again rather than grow for the whole of a long build.
 */
let branches = 0;
const MAX_BRANCHES = 50_000;

/**
 * Per document, on the document itself: each stack's answers with the document's font. Not in a WeakMap keyed
 * by the document: the font objects in the values refer to their document, and V8's young-generation
 * collections keep such an entry's value, and with it the young document and everything it holds, alive: the
 * workers' scavenges took 40 % longer (measured, 200 sheets: 400–470 → 640–660 ms).
 */
const BY_DOCUMENT = Symbol("hyoka.stackStyles");

function keyed<K>(
  map: { get(key: K): Branch | undefined; set(key: K, value: Branch): unknown },
  key: K,
): Branch {
  let next = map.get(key);
  if (!next) {
    next = {};
    map.set(key, next);
    branches++;
  }
  return next;
}

/** The branch after `entry`; the same one for an object that sets nothing; undefined if unkeyable. */
function child(branch: Branch, entry: unknown): Branch | undefined {
  if (typeof entry === "string" || entry instanceof String) {
    branch.names ??= new Map();
    return keyed(branch.names, String(entry));
  }
  if (typeof entry === "object" && entry !== null) {
    const after = afterSettings(branch, entry);
    if (after) return after;
    branch.objects ??= new WeakMap();
    return keyed(branch.objects, entry);
  }
  return undefined;
}

/** The last tree found, by its style dictionary and default style: a document asks with the same two. */
let last: { dictionary: object; defaults: unknown; tree: Branch } | undefined;

function tree(stack: StyleStackLike): Branch {
  if (branches > MAX_BRANCHES) {
    trees = new WeakMap();
    ownTrees = new WeakMap();
    last = undefined;
    branches = 0;
  }
  const defaults = stack.defaultStyle;
  if (last && last.dictionary === stack.styleDictionary && last.defaults === defaults) return last.tree;
  const set =
    typeof defaults === "object" && defaults !== null ? settings(defaults) : `\u0002${String(defaults)}`;
  let found: Branch;
  if (set === undefined) found = keyed(ownTrees, defaults as object);
  else {
    let byDefaults = trees.get(stack.styleDictionary);
    if (!byDefaults) {
      byDefaults = new Map();
      trees.set(stack.styleDictionary, byDefaults);
    }
    found = keyed(byDefaults, set);
  }
  last = { dictionary: stack.styleDictionary, defaults, tree: found };
  return found;
}

function ask(get: GetStyleProperty, stack: StyleStackLike): Answers {
  const s = stack as object;
  return {
    values: styleValues(get, {}, s),
    wordBreak: get({}, s, "wordBreak", "normal"),
    leadingIndent: get({}, s, "leadingIndent", 0),
  };
}

function stackStyleOf(self: TextInlinesLike, answers: Answers): StackStyle {
  return {
    style: withFont(self, answers.values),
    wordBreak: answers.wordBreak,
    leadingIndent: answers.leadingIndent,
  };
}

/** The answers with the document's font, made once per document and answers. */
function withDocument(self: TextInlinesLike, answers: Answers): StackStyle {
  const doc = self.pdfDocument as { [BY_DOCUMENT]?: Map<Answers, StackStyle> };
  let known = doc[BY_DOCUMENT];
  if (!known) {
    known = new Map();
    doc[BY_DOCUMENT] = known;
  }
  let style = known.get(answers);
  if (!style) {
    style = stackStyleOf(self, answers);
    known.set(answers, style);
  }
  return style;
}

/** pdfmake's answers for a text without a style of its own (`{}` as the item) in `stack`. */
export function stackStyle(self: TextInlinesLike, get: GetStyleProperty, stack: StyleStackLike): StackStyle {
  let branch: Branch | undefined = tree(stack);
  for (const entry of stack.styleOverrides) {
    branch = child(branch, entry);
    // Not a name or an object (pdfmake would fail on it too): asked directly, nothing kept.
    if (!branch) return stackStyleOf(self, ask(get, stack));
  }
  branch.answers ??= ask(get, stack);
  return withDocument(self, branch.answers);
}
