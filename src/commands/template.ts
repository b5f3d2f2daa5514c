/**
 * `hyoka template --form ID [--year Y] [--code C] --out FILE [--force]`: a blank input workbook of a form for
 * staff to fill in, with the evaluation year and the measure code already entered when given. The same options
 * give the same bytes.
 */
import path from "node:path";
import { identityPointers } from "../forms/identity-hint.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang, Localized } from "../i18n.js";
import { planInput, type Segment } from "../input-workbook/plan.js";
import { renderInputWorkbook } from "../input-workbook/write.js";
import { prepareFolder, writeNew } from "../input-workbook/write-new.js";
import { pointerOf } from "../load/parse-json.js";
import { documentDate } from "../model/document-date.js";
import { mainFontName } from "../render-pdf/font-config.js";
import { type Output, showPath } from "../report/console.js";
import { HYOKA_VERSION } from "../version.js";

export interface TemplateOptions {
  form: string | undefined;
  year: string | undefined;
  code: string | undefined;
  out: string;
  force: boolean;
  lang: Lang;
  output: Output;
}

/** A usage mistake in the template's options: exit 2. */
export class TemplateUsageError extends Error {
  constructor(readonly text: Localized) {
    super(text.en);
  }
}

function pathOf(pointer: string): Segment[] {
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function setAt(root: Record<string, unknown>, path: readonly Segment[], value: unknown): void {
  let cur = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) cur[seg] = value;
    else {
      cur[seg] ??= {};
      cur = cur[seg] as Record<string, unknown>;
    }
  });
}

export async function runTemplate(options: TemplateOptions): Promise<number> {
  const { lang, output } = options;
  const registry = await FormRegistry.load();
  const withInput = registry.ids().filter((id) => registry.get(id)?.input);
  const form = options.form === undefined ? undefined : registry.get(options.form);
  if (!form?.input)
    throw new TemplateUsageError({
      ja: `${options.form === undefined ? "--form で様式を指定してください" : `様式 ${options.form} の入力用ワークブックはありません`}(使える様式: ${withInput.join(", ")})`,
      en: `${options.form === undefined ? "name the form with --form" : `the form ${options.form} has no input workbook`} (forms with one: ${withInput.join(", ")})`,
    });
  const data: Record<string, unknown> = {};
  const pointers = identityPointers(form.id);
  const given: [string | undefined, string | undefined, string][] = [
    [options.year, pointers?.year, "--year"],
    [options.code, pointers?.code, "--code"],
  ];
  for (const [value, pointer, option] of given) {
    if (value === undefined || pointer === undefined) continue;
    // The year is a number in the data; the code a text of digits.
    setAt(data, pathOf(pointer), option === "--year" && /^\d+$/.test(value) ? Number(value) : value);
  }
  // Each given value is checked by the form's own rule for its field.
  const parsed = form.schema.safeParse(data);
  if (!parsed.success)
    for (const [value, pointer, option] of given) {
      if (value === undefined || pointer === undefined) continue;
      const issue = parsed.error.issues.find((i) => pointerOf(i.path as Segment[]) === pointer);
      if (issue)
        throw new TemplateUsageError({
          ja: `${option} ${value} はこの様式で使えない値です(${pointer})`,
          en: `${option} ${value} is not a value this form takes (${pointer})`,
        });
    }
  const plan = planInput(form);
  // The workbook's date: the year's, as for every document of a sheet; a fixed one for a blank template.
  const year = options.year !== undefined && /^\d{4}$/.test(options.year) ? Number(options.year) : 2000;
  const bytes = await renderInputWorkbook(plan, data, {
    date: documentDate(year),
    version: HYOKA_VERSION,
    fontFamily: mainFontName(),
  });
  const dir = path.dirname(options.out);
  const folder = await prepareFolder(dir);
  if (!folder.ok) {
    output.err(`hyoka: ${showPath(folder.message[lang])}`);
    output.result?.({ failed: 1 });
    return 1;
  }
  const outcome = await writeNew(dir, path.basename(options.out), bytes, options.force);
  if (!outcome.ok) {
    output.err(`hyoka: ${showPath(outcome.message[lang])}`);
    output.result?.({ failed: 1 });
    return 1;
  }
  output.out(showPath(options.out));
  // --json: the one workbook written.
  output.result?.({ built: 1 });
  return 0;
}
