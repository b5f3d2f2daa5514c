/**
 * `hyoka export FILE.json … --out DIR [--force]`: each sheet's input workbook, filled in with its values, at
 * `DIR/<year>/<code><suffix>.xlsx` (the form's output suffix, as for its PDF), for staff to go on with in Excel.
 * A sheet is exported only if it passes `validate`'s checks up to its model (load, schema, identity); `hyoka
 * import` of the workbook gives the same JSON back.
 * The same sheet gives the same bytes.
 */

import { diagnostic } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang, Localized } from "../i18n.js";
import { planInput } from "../input-workbook/plan.js";
import { renderInputWorkbook } from "../input-workbook/write.js";
import { prepareFolder, writeNew } from "../input-workbook/write-new.js";
import { documentDate } from "../model/document-date.js";
import { outputStem } from "../pipeline/output-paths.js";
import { prepareSheet } from "../pipeline/stages.js";
import { mainFontName } from "../render-pdf/font-config.js";
import { type Output, printDiagnostics, showPath } from "../report/console.js";
import { HYOKA_VERSION } from "../version.js";

export interface ExportOptions {
  files: string[];
  outDir: string;
  force: boolean;
  lang: Lang;
  output: Output;
}

export async function runExport(options: ExportOptions): Promise<number> {
  const { lang, output, outDir } = options;
  // Each problem is a diagnostic: on the terminal as every other command's, with --json one object each.
  const error = (file: string, code: string, message: Localized) =>
    printDiagnostics(output, [diagnostic(lang, { code, file, message })], lang);
  const ja = lang === "ja";
  const registry = await FormRegistry.load();
  let failed = 0;
  let written = 0;
  let folderReady = false;
  for (const file of options.files) {
    const prepared = await prepareSheet(registry, file, lang);
    printDiagnostics(output, prepared.diagnostics, lang);
    if (!prepared.ok) {
      failed++;
      continue;
    }
    const { form, data, identity } = prepared;
    if (!form.input) {
      error(file, "no-input-workbook", {
        ja: `様式 ${form.id} には入力用ワークブックがありません`,
        en: `the form ${form.id} has no input workbook`,
      });
      failed++;
      continue;
    }
    if (!folderReady) {
      const folder = await prepareFolder(outDir);
      if (!folder.ok) {
        output.err(`hyoka: ${showPath(folder.message[lang])}`);
        output.result?.({ sheets: options.files.length, built: written, failed: failed + 1 });
        return 1;
      }
      folderReady = true;
    }
    const bytes = await renderInputWorkbook(planInput(form), data, {
      date: documentDate(identity.year),
      version: HYOKA_VERSION,
      fontFamily: mainFontName(),
    });
    // Named as the form names its outputs, so the two forms of one measure never share a workbook's name.
    const relPath = `${outputStem(identity) ?? `${identity.year}/${identity.code}`}.xlsx`;
    const outcome = await writeNew(outDir, relPath, bytes, options.force);
    if (!outcome.ok) {
      error(file, "write-failed", outcome.message);
      failed++;
      continue;
    }
    written++;
    output.out(`${showPath(file)} → ${showPath(`${outDir.replace(/\/+$/, "")}/${relPath}`)}`);
  }
  output.out(
    ja
      ? `${written} 件を書き出し、${failed} 件は書き出せませんでした`
      : `${written} exported, ${failed} not exported`,
  );
  // --json: the sheets taken, the workbooks written, the sheets not exported.
  output.result?.({ sheets: options.files.length, built: written, failed });
  return failed > 0 ? 1 : 0;
}
