/**
 * The forms of one measure and year that list the same items (e.g. the projects under the measure, 事務事業) must
 * list the same ones: an item one sheet lists and another does not is a warning on both, naming the other file.
 * Light (no zod, no forms), so a build's main thread runs it over the sheets its workers accepted.
 */
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import type { SheetIdentity } from "../forms/types.js";
import type { Lang } from "../i18n.js";

type Listed = { file: string; identity: Pick<SheetIdentity, "formId" | "year" | "code" | "members"> };

const normal = (name: string) => name.normalize("NFC").trim();
/** At most this many names in a message; the rest are counted. */
const SHOWN = 10;

function names(list: readonly string[], lang: Lang): string {
  const shown = list.slice(0, SHOWN).join(lang === "ja" ? "、" : ", ");
  const rest = list.length - SHOWN;
  if (rest <= 0) return shown;
  return lang === "ja" ? `${shown} ほか ${rest} 件` : `${shown} and ${rest} more`;
}

/** Each file's `members-differ` warnings, in the order of `sheets`. */
export function memberMismatches(sheets: readonly Listed[], lang: Lang): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const groups = new Map<string, Listed[]>();
  for (const s of sheets) {
    if (!s.identity.members) continue;
    const key = `${s.identity.year}\0${s.identity.code}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const group of groups.values()) {
    for (const a of group) {
      const own = new Set((a.identity.members ?? []).map(normal));
      for (const b of group) {
        if (b === a || b.identity.formId === a.identity.formId) continue;
        const missing = [...new Set((b.identity.members ?? []).map(normal))].filter((m) => !own.has(m));
        if (missing.length === 0) continue;
        const { code, year } = a.identity;
        const list = out.get(a.file) ?? [];
        list.push(
          diagnostic(lang, {
            code: "members-differ",
            severity: "warning",
            file: a.file,
            message: {
              ja: `施策課題 ${code}(${year}年度)の ${b.file} に載っている次の事務事業が、このシートにありません: ${names(missing, "ja")}`,
              en: `measure ${code} (${year}): these projects listed in ${b.file} are missing here: ${names(missing, "en")}`,
            },
            hint: {
              ja: "同じ施策課題の様式どうしで、事務事業の名前と数をそろえてください",
              en: "the forms of one measure should list the same projects, with the same names",
            },
          }),
        );
        out.set(a.file, list);
      }
    }
  }
  return out;
}
