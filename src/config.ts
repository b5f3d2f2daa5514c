/**
 * `hyoka.config.json`: settings of the publishing body that are not per sheet (the annual book's cover).
 * Validated like the data, with located messages.
 */
import path from "node:path";
import { z } from "zod";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { addCustomIssue, labelled, line, MAX_YEAR, MIN_YEAR } from "./forms/kit.js";
import { fieldLabel } from "./forms/labels.js";
import type { MessageCatalog } from "./forms/types.js";
import type { Lang } from "./i18n.js";
import { loadSheet } from "./load/load-sheet.js";
import { type ParsedJson, pointerOf } from "./load/parse-json.js";
import { clipText } from "./report/terminal-text.js";
import { issueMessage, kitMessages, zodLocaleMessage } from "./validate/messages.js";

export const CONFIG_FILE = "hyoka.config.json";

/** The years a date of issue may fall in. */
export const DATE_MIN_YEAR = 1900;
export const DATE_MAX_YEAR = 2100;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `YYYY-MM-DD` is a day of the calendar: year 1900–2100, month 1–12, the day within its month (29
 * February in leap years only). `Date.parse` would take 2014-02-30 and roll it over to 2 March.
 */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .superRefine((s, ctx) => {
    // A text of the wrong shape has its own issue (the pattern); only well-formed dates are looked up.
    if (ISO_DATE.test(s) && !isCalendarDate(s))
      addCustomIssue(ctx, { key: "date-not-in-calendar", date: s, min: DATE_MIN_YEAR, max: DATE_MAX_YEAR });
  });

/** A key of `book.issued`: an evaluation year, four digits, in the range of the sheets' years. */
const yearKey = z
  .string()
  .regex(/^\d{4}$/)
  .superRefine((s, ctx) => {
    const year = Number(s);
    if (/^\d{4}$/.test(s) && (year < MIN_YEAR || year > MAX_YEAR))
      addCustomIssue(ctx, { key: "year-key-range", year: s, min: MIN_YEAR, max: MAX_YEAR });
  });

/** Messages for the configuration's own rules. */
export const configMessages: MessageCatalog = {
  "date-not-in-calendar": {
    ja: (p) => `${p.date} という日付はありません(${p.min}〜${p.max}年の実在する日付を YYYY-MM-DD で書きます)`,
    en: (p) =>
      `${p.date} is not a day of the calendar (write a real date of ${p.min}–${p.max} as YYYY-MM-DD)`,
  },
  "year-key-range": {
    ja: (p) => `評価年度 ${p.year} は範囲外です(${p.min}〜${p.max})`,
    en: (p) => `evaluation year ${p.year} is out of range (${p.min}–${p.max})`,
  },
};

const catalog: MessageCatalog = { ...kitMessages, ...configMessages };

export const configSchema = z.strictObject({
  $schema: labelled(z.string().max(500).optional(), {
    title: "JSON Schema",
    titleEn: "JSON Schema",
    description: "エディタの入力支援用。例: schemas/hyoka.config.schema.json",
  }),
  book: labelled(
    z.strictObject({
      title: labelled(line(60), {
        title: "表紙の題名",
        titleEn: "Cover title",
        description: "年次報告書(hyoka book)の表紙に大きく印字する題名(60文字以内)",
        examples: ["施策進行管理・評価票"],
      }),
      subtitle: labelled(line(80).optional(), {
        title: "副題",
        titleEn: "Subtitle",
        description: "題名の下に印字する副題(任意、80文字以内)",
      }),
      issuer: labelled(line(60), {
        title: "発行者",
        titleEn: "Issuing body",
        description: "表紙に印字する発行者名(60文字以内)",
        examples: ["川崎市"],
      }),
      issued: labelled(z.record(yearKey, isoDate).optional(), {
        title: "発行日(評価年度ごと)",
        titleEn: "Date of issue per evaluation year",
        description: '例: { "2013": "2014-07-01" }',
      }),
    }),
    {
      title: "年次報告書",
      titleEn: "Annual book",
      description: "hyoka book が作る評価年度ごとの冊子(book.pdf)の表紙の設定",
    },
  ),
});

export type HyokaConfig = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: HyokaConfig = { book: { title: "施策進行管理・評価票", issuer: "" } };

/** The unknown keys, the first {@link MAX_KEYS_NAMED} named (each cut short when long), the rest counted. */
const MAX_KEYS_NAMED = 20;
function unknownKeys(keys: readonly string[], lang: Lang): string {
  const named = keys
    .slice(0, MAX_KEYS_NAMED)
    .map((k) => clipText(k, lang))
    .join(", ");
  const more = keys.length - MAX_KEYS_NAMED;
  if (lang === "ja") return `不明な項目: ${named}${more > 0 ? ` ほか ${more} 件` : ""}`;
  return `unknown fields: ${named}${more > 0 ? ` and ${more} more` : ""}`;
}

type Issue = z.core.$ZodIssue & { input?: unknown };

/** A key of a record (`book.issued`) that is not an evaluation year: the key, then what is wrong with it. */
function invalidKey(issue: Issue & { code: "invalid_key" }, lang: Lang): string {
  const key = clipText(String(issue.input), lang);
  const reasons = (issue.issues as Issue[]).map((inner) =>
    inner.code === "invalid_format"
      ? lang === "ja"
        ? "評価年度を4桁の数字で書きます(例: 2013)"
        : "write the evaluation year as four digits (e.g. 2013)"
      : (issueMessage(inner, lang, catalog) ?? zodLocaleMessage(inner, lang)),
  );
  return lang === "ja" ? `キー "${key}": ${reasons.join("、")}` : `key "${key}": ${reasons.join("; ")}`;
}

export interface LoadedConfig {
  config?: HyokaConfig;
  diagnostics: Diagnostic[];
  /** The file as messages name it, and where each value is (absent when there is no file: the defaults). */
  source?: { file: string; locate: ParsedJson["locate"] };
}

export async function loadConfig(cwd: string, lang: Lang): Promise<LoadedConfig> {
  const file = path.join(cwd, CONFIG_FILE);
  const shown = path.relative(process.cwd(), file) || CONFIG_FILE;
  const loaded = await loadSheet(file, lang);
  if (!loaded.ok) {
    if (loaded.diagnostics[0]?.code === "read-missing") return { config: DEFAULT_CONFIG, diagnostics: [] };
    return { diagnostics: loaded.diagnostics.map((d) => ({ ...d, file: shown })) };
  }
  const { json } = loaded.sheet;
  const result = configSchema.safeParse(json.value, { reportInput: true });
  const diagnostics = loaded.diagnostics.map((d) => ({ ...d, file: shown }));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const p = issue.path as PropertyKey[];
      diagnostics.push({
        severity: "error",
        code: "config",
        file: shown,
        ...json.locate(p),
        pointer: pointerOf(p),
        field: fieldLabel(configSchema, p, json.value, lang),
        message:
          issue.code === "unrecognized_keys"
            ? unknownKeys(issue.keys, lang)
            : issue.code === "invalid_key"
              ? invalidKey(issue, lang)
              : (issueMessage(issue, lang, catalog) ?? zodLocaleMessage(issue, lang)),
      });
    }
    return { diagnostics };
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { config: result.data, diagnostics: [], source: { file: shown, locate: json.locate } };
}

export function configProblem(lang: Lang, file: string, text: { ja: string; en: string }): Diagnostic {
  return diagnostic(lang, { code: "config", file, message: text });
}
