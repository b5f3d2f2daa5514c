/**
 * Handlebars for every templated text of a layout: an isolated instance with hyoka's helpers registered once,
 * HTML escaping off (PDF text is not HTML: `研究&開発` prints as typed), strict mode on (a missing field is an
 * error naming it and its place in the template), only known helpers, prototype access left off.
 */
import Handlebars from "handlebars";
import { MAX_YEAR, MIN_YEAR } from "../forms/kit.js";
import type { TemplateRender } from "../forms/pdf-layout.js";
import { eraLong, eraOfFiscalYear, eraShort, fiscalYearWithEra } from "../model/era.js";
import { formatThousands } from "../model/format.js";

function fiscalYearArg(helper: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < MIN_YEAR || value > MAX_YEAR) {
    throw new TypeError(
      `{{${helper}}} needs a fiscal year (an integer ${MIN_YEAR}–${MAX_YEAR}), got ${String(value)}`,
    );
  }
  return value;
}

function numberArg(helper: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`{{${helper}}} needs a number, got ${String(value)}`);
  }
  return value;
}

/** Handlebars passes its options object last; a helper called with the wrong number of values is a bug. */
function unary<T>(name: string, check: (name: string, v: unknown) => T, fn: (v: T) => string) {
  return (...args: unknown[]) => {
    if (args.length !== 2) throw new TypeError(`{{${name}}} takes exactly one value`);
    return fn(check(name, args[0]));
  };
}

export const HELPERS = {
  /** `H23`, `R1` */
  era: unary("era", fiscalYearArg, eraShort),
  /** `平成23年`, `令和元年` (the era year of the fiscal year) */
  eraYear: unary("eraYear", fiscalYearArg, (y) => {
    const { era, year } = eraOfFiscalYear(y);
    return `${era.name}${year === 1 ? "元" : year}年`;
  }),
  /** `平成23年度`, `令和元年度` */
  eraFiscalYear: unary("eraFiscalYear", fiscalYearArg, eraLong),
  /** `2011年度` */
  fy: unary("fy", fiscalYearArg, (y) => `${y}年度`),
  /** `2011(H23)年度` */
  fyEra: unary("fyEra", fiscalYearArg, fiscalYearWithEra),
  /** `326,331` */
  number: unary("number", numberArg, formatThousands),
} as const;

const KNOWN_HELPERS = Object.fromEntries(Object.keys(HELPERS).map((k) => [k, true]));

export interface Templating {
  /** Compiles a form's templates once; rendering an unknown name is an error. */
  compileAll(id: string, sources: Readonly<Record<string, string>>): TemplateRender;
}

/**
 * Results kept per form, at most this many. A sheet renders a few hundred templated texts, mostly the same
 * labels with no value or a year; each call of a compiled Handlebars template first sets up its helpers afresh
 * (some twenty wrapped functions), which came to 0.8 ms and half a megabyte of garbage a sheet. A template is a
 * pure function of its context (the helpers above are), so a result can be reused for an equal context.
 */
const MEMO_LIMIT = 4096;

/**
 * The key of a template call whose context is flat (strings, finite numbers, booleans): equal keys, equal
 * contexts. `undefined` for any other context, which is rendered every time.
 */
function memoKey(name: string, context: object | undefined): string | undefined {
  if (context === undefined) return name;
  let key = name;
  for (const field of Object.keys(context)) {
    const value = (context as Record<string, unknown>)[field];
    const type = typeof value;
    if (type === "number" ? !Number.isFinite(value) : type !== "string" && type !== "boolean")
      return undefined;
    // JSON keeps 1 and "1" apart (a helper may take only one of them), and no string can end its field early.
    key += `,${JSON.stringify(field)}:${JSON.stringify(value)}`;
  }
  return key;
}

export function createTemplating(): Templating {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);
  const byId = new Map<string, TemplateRender>();
  return {
    compileAll(id, sources) {
      const known = byId.get(id);
      if (known) return known;
      const compiled = new Map<string, HandlebarsTemplateDelegate>();
      for (const [name, source] of Object.entries(sources)) {
        const template = hb.compile(source, {
          noEscape: true,
          strict: true,
          knownHelpersOnly: true,
          knownHelpers: KNOWN_HELPERS,
        });
        // Compile now, so a broken template fails at start-up rather than on the first sheet that needs it.
        hb.precompile(source, { strict: true, knownHelpersOnly: true, knownHelpers: KNOWN_HELPERS });
        compiled.set(name, template);
      }
      const results = new Map<string, string>();
      const render: TemplateRender = (name, context) => {
        const template = compiled.get(name);
        if (!template) throw new Error(`${id}: no template named "${name}"`);
        const key = memoKey(name, context);
        const known = key === undefined ? undefined : results.get(key);
        if (known !== undefined) return known;
        let text: string;
        try {
          text = template(context);
        } catch (error) {
          throw new Error(`${id}: template "${name}": ${(error as Error).message}`, { cause: error });
        }
        if (key !== undefined) {
          if (results.size >= MEMO_LIMIT) results.clear();
          results.set(key, text);
        }
        return text;
      };
      byId.set(id, render);
      return render;
    },
  };
}
