/**
 * One workbook through every check `hyoka import` makes before it writes: the file and its zip (zip-guard.ts),
 * the form and layout version it is stamped with, its cells (read.ts), the form's schema, and every character
 * against the fonts — the same checks `hyoka validate` makes of a JSON file, so a sheet that imports, builds.
 * Every problem is placed at its cell. Never throws for a problem in the workbook.
 */
import type { z } from "zod";
import { type Diagnostic, hasErrors } from "../diagnostics.js";
import { fieldLabel } from "../forms/labels.js";
import type { SheetIdentity } from "../forms/types.js";
import type { Lang, Localized } from "../i18n.js";
import { pointerOf } from "../load/parse-json.js";
import { outputStem } from "../pipeline/output-paths.js";
import type { GlyphChecker } from "../pipeline/stages.js";
import { issueHint, issueMessage, kitMessages, unwrapUnion, zodLocaleMessage } from "../validate/messages.js";
import { capDiagnostics } from "../validate/validate-sheet.js";
import { sheetText } from "./json-text.js";
import { type CellProblem, type FormLookup, readInputWorkbook } from "./read.js";
import { guardWorkbook, readWorkbookFile, repack } from "./zip-guard.js";

/** A sheet's output files are named by its code: letters, digits, `_` and `-` only (as pipeline/stages.ts). */
const SAFE_CODE = /^[0-9A-Za-z_-]{1,40}$/;

export type ImportResult =
  | {
      ok: true;
      file: string;
      identity: SheetIdentity;
      /** `<year>/<code><suffix>.json`: named as the form names its outputs (`72302000.json`, `62401000-2.json`). */
      relPath: string;
      text: string;
      diagnostics: Diagnostic[];
    }
  | { ok: false; file: string; diagnostics: Diagnostic[]; identity?: SheetIdentity };

/** `in.xlsx 参考指標!D12`: the workbook, then the cell, where `validate` would give a line and column. */
function place(file: string, cell: string | undefined): string {
  return cell ? `${file} ${cell}` : file;
}

function toDiagnostic(
  file: string,
  p: CellProblem,
  lang: Lang,
  label: (path: readonly PropertyKey[]) => string | undefined,
): Diagnostic {
  const field = p.path ? label(p.path) : undefined;
  return {
    severity: p.severity,
    code: p.code,
    file: place(file, p.cell),
    ...(p.path ? { pointer: pointerOf(p.path) } : {}),
    ...(field ? { field } : {}),
    message: p.message[lang],
    ...(p.hint ? { hint: p.hint[lang] } : {}),
  };
}

function refusal(file: string, lang: Lang, code: string, message: Localized, hint?: Localized): ImportResult {
  return {
    ok: false,
    file,
    diagnostics: [
      { severity: "error", code, file, message: message[lang], ...(hint ? { hint: hint[lang] } : {}) },
    ],
  };
}

type Issue = z.core.$ZodIssue & { input?: unknown };

export async function importWorkbook(
  file: string,
  forms: FormLookup,
  glyphs: GlyphChecker,
  lang: Lang,
): Promise<ImportResult> {
  const read = readWorkbookFile(file);
  if (!read.ok) return refusal(file, lang, read.code, read.message, read.hint);
  const guarded = guardWorkbook(read.bytes);
  if (!guarded.ok) return refusal(file, lang, guarded.code, guarded.message, guarded.hint);
  const result = await readInputWorkbook(repack(guarded.parts), forms);
  if (!result.ok)
    return {
      ok: false,
      file,
      diagnostics: capDiagnostics(
        result.problems.map((p) => toDiagnostic(file, p, lang, () => undefined)),
        file,
        lang,
      ),
    };
  const { plan, data, cellOf, reported } = result;
  const form = plan.form;
  const label = (path: readonly PropertyKey[]) =>
    path.length > 0 ? fieldLabel(form.schema, path, data, lang) : undefined;
  const diagnostics = result.problems.map((p) => toDiagnostic(file, p, lang, label));
  const covered = (path: readonly PropertyKey[]) => {
    const pointer = pointerOf(path);
    return [...reported].some((r) => pointer === r || pointer.startsWith(`${r}/`));
  };

  const parsed = form.schema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const catalog = { ...kitMessages, ...form.messages };
    const issues = (parsed.error.issues as Issue[]).flatMap(unwrapUnion);
    for (const issue of issues) {
      const path = issue.path as PropertyKey[];
      if (covered(path)) continue;
      const hint = issueHint(issue, catalog);
      const field = label(path);
      diagnostics.push({
        severity: "error",
        code: "schema",
        file: place(file, cellOf(path)),
        pointer: pointerOf(path),
        ...(field ? { field } : {}),
        message: issueMessage(issue, lang, catalog) ?? zodLocaleMessage(issue, lang),
        ...(hint ? { hint: hint[lang] } : {}),
      });
    }
    return { ok: false, file, diagnostics: capDiagnostics(diagnostics, file, lang) };
  }
  if (hasErrors(diagnostics))
    return { ok: false, file, diagnostics: capDiagnostics(diagnostics, file, lang) };

  // Every character against the fonts, as `validate` checks a JSON file: placed at the cell, not a line.
  const glyphProblems = await glyphs(form, parsed.data, {
    file,
    lang,
    locate: () => ({ line: 0, column: 0 }),
  });
  for (const d of glyphProblems) {
    const { line: _line, column: _column, ...rest } = d;
    const path = d.pointer ? pointerPath(d.pointer) : [];
    diagnostics.push({ ...rest, file: place(file, cellOf(path)) });
  }
  const model = form.derive(parsed.data);
  const identity = form.identify(model);
  if (!SAFE_CODE.test(identity.code) || !Number.isInteger(identity.year))
    diagnostics.push({
      severity: "error",
      code: "output-name",
      file,
      message:
        lang === "ja"
          ? `出力ファイル名に使えないコードです: ${JSON.stringify(identity.code)}`
          : `the code cannot name an output file: ${JSON.stringify(identity.code)}`,
    });
  if (hasErrors(diagnostics))
    return { ok: false, file, identity, diagnostics: capDiagnostics(diagnostics, file, lang) };
  return {
    ok: true,
    file,
    identity,
    relPath: `${outputStem(identity) ?? `${identity.year}/${identity.code}`}.json`,
    // The data as read (keys in the form's order), not zod's output: what is written is what was typed.
    text: sheetText(data),
    diagnostics,
  };
}

function pointerPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
