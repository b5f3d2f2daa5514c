/** Stage 2, validate: pick the sheet's form and check it against the form's zod schema. */
import type { z } from "zod";
import { type Diagnostic, diagnostic, hasErrors } from "../diagnostics.js";
import { fieldInfo, fieldLabel, knownKeysAt } from "../forms/labels.js";
import type { FormRegistry } from "../forms/registry.js";
import type { AnyForm } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import type { LoadedSheet } from "../load/load-sheet.js";
import { pointerOf } from "../load/parse-json.js";
import { clipText } from "../report/terminal-text.js";
import { didYouMean } from "./did-you-mean.js";
import { issueHint, issueMessage, kitMessages, unwrapUnion, zodLocaleMessage } from "./messages.js";

/**
 * A file with 70,000 unknown keys made one diagnostic each (a did-you-mean against every known key, 21 MB of
 * text). The first {@link MAX_UNKNOWN_KEYS} of an object are named, the rest counted in one more diagnostic;
 * and a sheet carries at most {@link MAX_DIAGNOSTICS} diagnostics, then one that counts the rest.
 */
export const MAX_UNKNOWN_KEYS = 20;
export const MAX_DIAGNOSTICS = 200;

/** At most {@link MAX_DIAGNOSTICS} in their order, then one that counts the rest (an error if any was). */
export function capDiagnostics(list: Diagnostic[], file: string, lang: Lang): Diagnostic[] {
  if (list.length <= MAX_DIAGNOSTICS) return list;
  const rest = list.slice(MAX_DIAGNOSTICS);
  return [
    ...list.slice(0, MAX_DIAGNOSTICS),
    diagnostic(lang, {
      code: "too-many-problems",
      severity: hasErrors(rest) ? "error" : "warning",
      file,
      message: {
        ja: `ほかに ${rest.length} 件の問題があります(最初の ${MAX_DIAGNOSTICS} 件だけを挙げました。まず上の誤りを直してください)`,
        en: `and ${rest.length} more problems (only the first ${MAX_DIAGNOSTICS} are listed; fix these first)`,
      },
    }),
  ];
}

/** The value at `path` in `data`, own properties only. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * A value that stands for "not yet written": `""` or `null`, which `hyoka new` puts in every field of an empty
 * sheet (forms/skeleton.ts) and which no field accepts. Reported once per field as a field to fill in, with its
 * label and the form's description of it, rather than as whatever rule of the field `""` or `null` breaks first.
 */
function isPlaceholder(value: unknown): boolean {
  return value === "" || value === null;
}

export type ValidateResult =
  | { ok: true; form: AnyForm; data: unknown; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export function validateSheet(
  registry: FormRegistry,
  sheet: LoadedSheet,
  lang: Lang,
  earlier: Diagnostic[] = [],
): ValidateResult {
  const { file, json } = sheet;
  const value = json.value;
  const fail = (d: Diagnostic[]): ValidateResult => ({
    ok: false,
    diagnostics: capDiagnostics([...earlier, ...d], file, lang),
  });
  const at = (path: PropertyKey[]) => json.locate(path);

  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return fail([
      diagnostic(lang, {
        code: "schema",
        file,
        ...at([]),
        message: {
          ja: "全体が { … } のオブジェクトである必要があります",
          en: "the file must hold one JSON object { … }",
        },
      }),
    ]);
  }
  const formId = (value as Record<string, unknown>).form;
  const form = typeof formId === "string" ? registry.get(formId) : undefined;
  if (!form) {
    const known = registry.ids();
    const guess = typeof formId === "string" ? didYouMean(formId, known) : undefined;
    const list = known.map((k) => `"${k}"`).join(", ");
    return fail([
      diagnostic(lang, {
        code: "form-unknown",
        file,
        ...at(formId === undefined ? [] : ["form"]),
        pointer: "/form",
        field: lang === "ja" ? "様式" : "Form",
        message:
          formId === undefined
            ? {
                ja: `様式 "form" がありません(使える様式: ${list})`,
                en: `"form" is missing (known forms: ${list})`,
              }
            : {
                ja: `様式 ${JSON.stringify(formId)} はありません(使える様式: ${list})`,
                en: `unknown form ${JSON.stringify(formId)} (known forms: ${list})`,
              },
        hint: guess ? { ja: `"${guess}" のことですか?`, en: `did you mean "${guess}"?` } : undefined,
      }),
    ]);
  }

  const catalog = { ...kitMessages, ...form.messages };
  const result = form.schema.safeParse(value, { reportInput: true });
  const diagnostics: Diagnostic[] = [];
  const toFill = new Set<string>();
  if (!result.success) {
    const issues = (result.error.issues as (z.core.$ZodIssue & { input?: unknown })[]).flatMap(unwrapUnion);
    for (const issue of issues) {
      const path = issue.path as PropertyKey[];
      if (issue.code !== "unrecognized_keys" && isPlaceholder(valueAt(value, path))) {
        const pointer = pointerOf(path);
        if (toFill.has(pointer)) continue;
        toFill.add(pointer);
        const info = fieldInfo(form.schema, path);
        diagnostics.push({
          severity: "error",
          code: "to-fill-in",
          file,
          ...at(path),
          pointer,
          field: fieldLabel(form.schema, path, value, lang),
          message: info.optional
            ? lang === "ja"
              ? "記入してください(空欄にするなら、項目ごと省いてください)"
              : "fill this in (or leave the field out: it is optional)"
            : lang === "ja"
              ? "記入してください"
              : "fill this in",
          // The form describes its fields in Japanese (the JSON Schema an editor shows carries the same text).
          ...(info.description && lang === "ja" ? { hint: info.description } : {}),
        });
        continue;
      }
      if (issue.code === "unrecognized_keys") {
        const known = knownKeysAt(form.schema, path);
        const parent = path.length > 0 ? fieldLabel(form.schema, path, value, lang) : undefined;
        for (const key of issue.keys.slice(0, MAX_UNKNOWN_KEYS)) {
          const keyPath = [...path, key];
          const pos = json.locateKey(keyPath) ?? at(path);
          const guess = didYouMean(key, known);
          diagnostics.push(
            diagnostic(lang, {
              code: "schema",
              file,
              ...pos,
              pointer: pointerOf(keyPath),
              ...(parent ? { field: parent } : {}),
              message: {
                ja: `不明な項目 "${clipText(key, "ja")}" があります`,
                en: `unknown field "${clipText(key, "en")}"`,
              },
              hint: guess
                ? { ja: `"${guess}" のことですか?`, en: `did you mean "${guess}"?` }
                : {
                    ja: `この位置で使える項目: ${known.join(", ")}`,
                    en: `fields allowed here: ${known.join(", ")}`,
                  },
            }),
          );
        }
        const more = issue.keys.length - MAX_UNKNOWN_KEYS;
        if (more > 0)
          diagnostics.push(
            diagnostic(lang, {
              code: "schema",
              file,
              ...at(path),
              pointer: pointerOf(path),
              ...(parent ? { field: parent } : {}),
              message: {
                ja: `ほかに不明な項目が ${more} 件あります(全部で ${issue.keys.length} 件)`,
                en: `and ${more} more unknown fields (${issue.keys.length} in all)`,
              },
              hint: {
                ja: `この位置で使える項目: ${known.join(", ")}`,
                en: `fields allowed here: ${known.join(", ")}`,
              },
            }),
          );
        continue;
      }
      const text = issueMessage(issue, lang, catalog) ?? zodLocaleMessage(issue, lang);
      const hint = issueHint(issue, catalog);
      diagnostics.push({
        severity: "error",
        code: "schema",
        file,
        ...at(path),
        pointer: pointerOf(path),
        field: fieldLabel(form.schema, path, value, lang),
        message: text,
        ...(hint ? { hint: hint[lang] } : {}),
      });
    }
  }
  const all = capDiagnostics([...earlier, ...diagnostics], file, lang);
  if (!result.success || hasErrors(all)) return { ok: false, diagnostics: all };
  return { ok: true, form, data: result.data, diagnostics: all };
}
