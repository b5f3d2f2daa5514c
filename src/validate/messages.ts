/**
 * Messages for zod's issues and for the shared rules of kit.ts, in Japanese and English. zod's own ja locale
 * is the fallback for the rarer issue kinds.
 */
import { z } from "zod";
import type { MessageCatalog } from "../forms/types.js";
import type { Lang, Localized } from "../i18n.js";

const TYPE_NAMES: Record<string, Localized> = {
  number: { ja: "数値", en: "a number" },
  int: { ja: "整数", en: "a whole number" },
  string: { ja: "文字列", en: "a string" },
  boolean: { ja: "true か false", en: "true or false" },
  object: { ja: "オブジェクト { … }", en: "an object { … }" },
  array: { ja: "配列 [ … ]", en: "an array [ … ]" },
  null: { ja: "null", en: "null" },
  undefined: { ja: "なし", en: "nothing" },
};

function typeName(t: string, lang: Lang): string {
  return TYPE_NAMES[t]?.[lang] ?? t;
}

function receivedType(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "array";
  if (typeof input === "number" && !Number.isInteger(input)) return "number";
  return typeof input;
}

export const kitMessages: MessageCatalog = {
  "lone-surrogate": {
    ja: (p) => `${p.index}文字目に壊れた文字(対になっていないサロゲート)があります`,
    en: (p) => `character ${p.index} is a lone surrogate (broken text)`,
  },
  "forbidden-char": {
    ja: (p) =>
      `${p.index}文字目に使えない文字 ${p.codePoint} があります(制御文字・ゼロ幅文字・異体字セレクタなど)`,
    en: (p) =>
      `character ${p.index} is ${p.codePoint}, which cannot be printed (control, zero-width or variation selector)`,
  },
  "combining-stack": {
    ja: (p) =>
      `${p.index}文字目の文字に結合文字(アクセントなどの記号)が${p.count}個重なっています(${p.max}個まで)。上下の行に重なって印字されます`,
    en: (p) =>
      `character ${p.index} carries ${p.count} combining marks (at most ${p.max}): they would print over the lines above and below`,
  },
  "combining-start": {
    ja: (p) => `先頭(1文字目)が結合文字 ${p.codePoint} です。結合する文字がありません`,
    en: (p) => `the text starts with the combining mark ${p.codePoint}, which has no character to sit on`,
  },
  "blank-text": {
    ja: () => "空白だけの文字列です。空欄なら項目ごと省いてください",
    en: () => "the text is only white space; leave the field out for an empty cell",
  },
  "unbroken-run": {
    ja: (p) => `改行できない文字が${p.length}文字続いています(${p.max}文字まで)。スペースを入れてください`,
    en: (p) => `${p.length} characters in a row with no place to break a line (at most ${p.max}); add spaces`,
  },
  "number-too-small": {
    ja: (p) => `${p.value} は小さすぎて表に印刷できません(0 か、絶対値が 0.000001 以上の数にしてください)`,
    en: (p) =>
      `${p.value} is too small to print in the table (use 0, or a number of at least 0.000001 in size)`,
  },
  // The same words as for any string in a number field: the hint shows the number to write.
  "number-as-text": {
    ja: () => "数値が必要です(文字列が書かれています)",
    en: () => "expected a number, got a string",
  },
  "empty-text": {
    ja: () => "前文(lead)か箇条書き(items)のどちらかが必要です",
    en: () => "a lead paragraph or at least one bullet item is needed",
  },
  "year-duplicate": {
    ja: (p) => `${p.year}年度が2回あります`,
    en: (p) => `the year ${p.year} appears twice`,
  },
  "year-order": {
    ja: (p) => `年度は古い順に並べてください(${p.previous}年度の後に${p.year}年度があります)`,
    en: (p) => `years must be in ascending order (${p.year} comes after ${p.previous})`,
  },
};

type Issue = z.core.$ZodIssue & { input?: unknown };

/** The JSON type a zod type name stands for. */
function jsonKind(type: string): string {
  return type === "int" ? "number" : type;
}

/**
 * A union of a number and a text (kit.ts `numberOrText`) fails as a whole; what the writer needs is the rule of
 * the branch of the value's JSON type: `19.5` for an amount is "a whole number", `"1,234"` the text branch's
 * "write it as a number". Returns that branch's issues at the union's place, or the union issue itself when no
 * branch takes the value's type (`true`, `null`).
 */
export function unwrapUnion(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
  const kind = receivedType(issue.input) === "number" ? "number" : typeof issue.input;
  const branches = issue.errors.filter(
    (branch) =>
      !branch.some(
        (i) => i.code === "invalid_type" && i.path.length === 0 && jsonKind(String(i.expected)) !== kind,
      ),
  );
  const [branch] = branches;
  if (branches.length !== 1 || !branch) return [issue];
  return branch.flatMap((i) =>
    unwrapUnion({ ...i, path: [...issue.path, ...i.path], input: i.input ?? issue.input } as Issue),
  );
}

function unionExpected(issue: Issue & { code: "invalid_union" }, lang: Lang): string[] {
  const expected = issue.errors.flatMap((branch) =>
    branch.flatMap((i) => (i.code === "invalid_type" && i.path.length === 0 ? [String(i.expected)] : [])),
  );
  return [...new Set(expected.map((t) => typeName(t, lang)))];
}

/** The message for one issue, or undefined to use zod's locale. */
export function issueMessage(issue: Issue, lang: Lang, catalog: MessageCatalog): string | undefined {
  const ja = lang === "ja";
  switch (issue.code) {
    case "custom": {
      const params = (issue.params ?? {}) as Record<string, unknown>;
      const key = typeof params.key === "string" ? params.key : undefined;
      const entry = key ? catalog[key] : undefined;
      return entry ? entry[lang](params) : issue.message;
    }
    case "invalid_type": {
      if (issue.input === undefined) return ja ? "必須の項目がありません" : "this field is required";
      const expected = typeName(issue.expected, lang);
      const got = typeName(receivedType(issue.input), lang);
      return ja ? `${expected}が必要です(${got}が書かれています)` : `expected ${expected}, got ${got}`;
    }
    case "invalid_union": {
      const expected = unionExpected(issue, lang);
      if (expected.length === 0) return undefined;
      const got = typeName(receivedType(issue.input), lang);
      return ja
        ? `${expected.join("か")}が必要です(${got}が書かれています)`
        : `expected ${expected.join(" or ")}, got ${got}`;
    }
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v)).join(ja ? "・" : ", ");
      if (issue.values.length === 1) return ja ? `${values} でなければなりません` : `must be ${values}`;
      return ja ? `次のどれかにしてください: ${values}` : `must be one of ${values}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return ja ? `${max}文字以内にしてください` : `at most ${max} characters`;
      if (issue.origin === "array") return ja ? `${max}件までです` : `at most ${max} entries`;
      return ja ? `${max.toLocaleString("en-US")} 以下にしてください` : `must be at most ${max}`;
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string")
        return ja
          ? "空の文字列です。空欄なら項目ごと省いてください"
          : "empty string; leave the field out instead";
      if (issue.origin === "array") return ja ? `${min}件以上必要です` : `at least ${min} entries are needed`;
      return ja ? `${min.toLocaleString("en-US")} 以上にしてください` : `must be at least ${min}`;
    }
    case "invalid_format":
      if (issue.format === "regex") return ja ? "書式が正しくありません" : "the format is wrong";
      return undefined;
    default:
      return undefined;
  }
}

const GRADE_LOOKALIKE = /^A\s*(I{1,2}|[12１２]|Ｉ{1,2})$/i;

/** The hint for a number written as a string (`"1,234"`, `"１２３４"`), if it reads as one. */
function numberHint(input: string): Localized | undefined {
  const normalized = input
    .normalize("NFKC")
    .replace(/[,，\s]/g, "")
    .replace(/^−/, "-");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized)) return undefined;
  return {
    ja: `数値は引用符やカンマを付けずに ${normalized} のように半角で書きます`,
    en: `write numbers without quotes or commas, e.g. ${normalized}`,
  };
}

/**
 * A second line that says how to fix the most common mistakes. A form's custom issue `<key>` has its hint in
 * the catalog under `<key>.hint`.
 */
export function issueHint(issue: Issue, catalog: MessageCatalog = {}): Localized | undefined {
  const input = issue.input;
  if (issue.code === "custom") {
    const params = (issue.params ?? {}) as Record<string, unknown>;
    if (params.key === "number-as-text" && typeof params.value === "string") return numberHint(params.value);
    const entry = typeof params.key === "string" ? catalog[`${params.key}.hint`] : undefined;
    return entry ? { ja: entry.ja(params), en: entry.en(params) } : undefined;
  }
  if (issue.code === "invalid_type") {
    if ((issue.expected === "number" || issue.expected === "int") && typeof input === "string") {
      const hint = numberHint(input);
      if (hint) return hint;
    }
    if (issue.expected === "int" && typeof input === "number")
      return {
        ja: "小数は使えません(千円単位の整数)",
        en: "decimals are not allowed here (whole thousand yen)",
      };
    if (issue.expected === "string" && typeof input === "number")
      return { ja: `"${input}" のように引用符で囲んでください`, en: `enclose it in quotes: "${input}"` };
  }
  if (issue.code === "invalid_value" && typeof input === "string") {
    if (GRADE_LOOKALIKE.test(input.trim()))
      return {
        ja: 'Ⅰ・Ⅱ はローマ数字の1文字(Ⅰ U+2160、Ⅱ U+2161)で書きます。例: "AⅠ"',
        en: 'Ⅰ and Ⅱ are the single Roman-numeral characters U+2160 and U+2161, e.g. "AⅠ"',
      };
  }
  if (issue.code === "invalid_format" && typeof input === "string" && /[０-９]/.test(input))
    return { ja: "全角数字は半角にしてください", en: "use ASCII digits, not full-width ones" };
  return undefined;
}

export function zodLocaleMessage(issue: Issue, lang: Lang): string {
  const locale = lang === "ja" ? z.locales.ja() : z.locales.en();
  const out = locale.localeError(issue as never);
  if (typeof out === "string") return out;
  return out?.message ?? issue.message;
}
