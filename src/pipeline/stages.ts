/**
 * The stage chain every command runs a sheet through, written once:
 *
 *   load → validate → model (derive) → identify (and the output names) → printable (glyphs)
 *
 * `hyoka build` runs {@link prepareSheet}, decides whether the sheet can be skipped, then runs
 * {@link checkPrintable} and renders; `validate`, `summary` and `book` run {@link checkSheet}, which is the same
 * two steps back to back. So a sheet that `validate` accepts is one that `build` goes on to render, and the year's
 * summary and book take exactly the sheets a build accepts. Never throws for a problem in a sheet.
 */
import { type Diagnostic, diagnostic, hasErrors } from "../diagnostics.js";
import type { FormRegistry } from "../forms/registry.js";
import type { AnyForm, SheetIdentity } from "../forms/types.js";
import type { Lang } from "../i18n.js";
import { type LoadedSheet, loadSheet } from "../load/load-sheet.js";
import type { ParsedJson } from "../load/parse-json.js";
import { validateSheet } from "../validate/validate-sheet.js";
import { duplicateSheets } from "./duplicates.js";
import { memberMismatches } from "./members.js";

export { duplicateSheets } from "./duplicates.js";
export { outputKey, sheetOutputPaths } from "./output-paths.js";

export interface GlyphContext {
  file: string;
  lang: Lang;
  locate: ParsedJson["locate"];
}

/** Every character of a sheet's data against the configured fonts (render-pdf/glyphs.ts). */
export type GlyphChecker = (
  form: AnyForm,
  data: unknown,
  ctx: GlyphContext,
) => Diagnostic[] | Promise<Diagnostic[]>;

/** A sheet that has passed every check up to printing: its form, data, model and identity. */
export interface PreparedSheet {
  file: string;
  loaded: LoadedSheet;
  form: AnyForm;
  data: unknown;
  model: unknown;
  identity: SheetIdentity;
  /** Warnings so far (a prepared sheet has no errors). */
  diagnostics: Diagnostic[];
}

export type PrepareResult =
  | ({ ok: true } & PreparedSheet)
  | {
      ok: false;
      diagnostics: Diagnostic[];
      /** Known when the sheet got as far as its model: the year and code it would have printed. */
      identity?: SheetIdentity;
      /** The parsed value, when the file could be parsed (e.g. to tell the year of a sheet that failed). */
      value?: unknown;
    };

/** A sheet's output files are named by its code: letters, digits, `_` and `-` only. */
const SAFE_CODE = /^[0-9A-Za-z_-]{1,40}$/;

/** Times each stage when given a lap function (a build's per-sheet timings). */
type Lap = (stage: string) => void;

/** load → validate → derive → identify, and the output names checked. */
export async function prepareSheet(
  registry: FormRegistry,
  file: string,
  lang: Lang,
  lap: Lap = () => {},
): Promise<PrepareResult> {
  const loaded = await loadSheet(file, lang);
  lap("load");
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
  const value = loaded.sheet.json.value;
  const validated = validateSheet(registry, loaded.sheet, lang, loaded.diagnostics);
  lap("validate");
  if (!validated.ok) return { ok: false, diagnostics: validated.diagnostics, value };
  const { form, data } = validated;
  const model = form.derive(data);
  const identity = form.identify(model);
  lap("model");
  if (!SAFE_CODE.test(identity.code) || !Number.isInteger(identity.year)) {
    return {
      ok: false,
      value,
      diagnostics: [
        ...validated.diagnostics,
        diagnostic(lang, {
          code: "output-name",
          file,
          message: {
            ja: `出力ファイル名に使えないコードです: ${JSON.stringify(identity.code)}`,
            en: `the code cannot name an output file: ${JSON.stringify(identity.code)}`,
          },
        }),
      ],
    };
  }
  return {
    ok: true,
    file,
    loaded: loaded.sheet,
    form,
    data,
    model,
    identity,
    diagnostics: validated.diagnostics,
  };
}

/** What stands between a prepared sheet and its rendering: every character drawable by the fonts. */
export async function checkPrintable(
  glyphs: GlyphChecker,
  sheet: PreparedSheet,
  lang: Lang,
): Promise<Diagnostic[]> {
  return glyphs(sheet.form, sheet.data, { file: sheet.file, lang, locate: sheet.loaded.json.locate });
}

export type CheckResult =
  | ({ ok: true } & PreparedSheet)
  | { ok: false; diagnostics: Diagnostic[]; identity?: SheetIdentity; value?: unknown };

/** Every check `build` makes before it renders: what `validate`, `summary` and `book` run on each sheet. */
export async function checkSheet(
  registry: FormRegistry,
  glyphs: GlyphChecker,
  file: string,
  lang: Lang,
): Promise<CheckResult> {
  const prepared = await prepareSheet(registry, file, lang);
  if (!prepared.ok) return prepared;
  const diagnostics = [...prepared.diagnostics, ...(await checkPrintable(glyphs, prepared, lang))];
  if (hasErrors(diagnostics))
    return { ok: false, diagnostics, identity: prepared.identity, value: prepared.loaded.json.value };
  return { ...prepared, diagnostics };
}

/** A file through {@link checkSheet}, its duplicates found among the others. */
export interface CheckedFile {
  file: string;
  result: CheckResult;
  /** The result's diagnostics, and the duplicate error when another file would write the same outputs. */
  diagnostics: Diagnostic[];
  /** Whether `build` would go on to render it. */
  accepted: boolean;
}

/**
 * Every file through {@link checkSheet}, in order, then two that would write the same outputs refused both: the
 * set of sheets a build accepts, for the commands that check without rendering (`validate`, `summary`, `book`).
 */
export async function checkSheets(
  registry: FormRegistry,
  glyphs: GlyphChecker,
  files: readonly string[],
  lang: Lang,
): Promise<CheckedFile[]> {
  const results: CheckResult[] = [];
  for (const file of files) results.push(await checkSheet(registry, glyphs, file, lang));
  const twice = duplicateSheets(
    results.flatMap((r, i) => (r.ok ? [{ ...r, index: i }] : [])),
    lang,
  );
  const duplicateAt = new Map([...twice].map(([sheet, d]) => [sheet.index, d]));
  const mismatches = memberMismatches(
    results.flatMap((r, i) =>
      r.ok && !duplicateAt.has(i) ? [{ file: files[i] as string, identity: r.identity }] : [],
    ),
    lang,
  );
  return results.map((result, i) => {
    const file = files[i] as string;
    const duplicate = duplicateAt.get(i);
    const diagnostics = [
      ...result.diagnostics,
      ...(duplicate ? [duplicate] : []),
      ...(mismatches.get(file) ?? []),
    ];
    return { file, result, diagnostics, accepted: result.ok && !hasErrors(diagnostics) };
  });
}
