/**
 * `hyoka import FILE.xlsx … --out DIR [--force]`: filled-in input workbooks to sheets, one JSON file each at
 * `DIR/<year>/<code><suffix>.json` (named as the form names its outputs). Each workbook stands alone: a bad
 * one is reported and written nowhere, the others are imported. A file is written only once its sheet passes
 * every check `validate` makes; an existing file is replaced only with `--force`. Two workbooks of one form, year and code are both refused.
 */

import { diagnostic } from "../diagnostics.js";
import { FormRegistry } from "../forms/registry.js";
import type { Lang, Localized } from "../i18n.js";
import { importWorkbook } from "../input-workbook/import-workbook.js";
import { prepareFolder, writeNew } from "../input-workbook/write-new.js";
import { type Output, printDiagnostics, showPath } from "../report/console.js";
import { openGlyphChecker } from "./glyph-checker.js";

export interface ImportOptions {
  files: string[];
  outDir: string;
  force: boolean;
  lang: Lang;
  output: Output;
}

/** 0 every workbook imported, 1 any refused or not written. */
export async function runImport(options: ImportOptions): Promise<number> {
  const { lang, output, outDir } = options;
  // Each problem is a diagnostic: on the terminal as every other command's, with --json one object each.
  const error = (file: string, code: string, message: Localized) =>
    printDiagnostics(output, [diagnostic(lang, { code, file, message })], lang);
  const ja = lang === "ja";
  const registry = await FormRegistry.load();
  const glyphs = await openGlyphChecker(output, lang);
  if (!glyphs) {
    output.result?.({ sheets: options.files.length, failed: options.files.length });
    return 1;
  }
  const results = [];
  for (const file of options.files) results.push(await importWorkbook(file, registry, glyphs, lang));
  const byTarget = new Map<string, string[]>();
  for (const r of results) if (r.ok) byTarget.set(r.relPath, [...(byTarget.get(r.relPath) ?? []), r.file]);
  // The folder is made only when there is something to write into it.
  const folder = results.some((r) => r.ok) ? await prepareFolder(outDir) : ({ ok: true } as const);
  if (!folder.ok) {
    output.err(`hyoka: ${showPath(folder.message[lang])}`);
    output.result?.({ sheets: options.files.length, failed: options.files.length });
    return 1;
  }
  let failed = 0;
  let written = 0;
  for (const r of results) {
    printDiagnostics(output, r.diagnostics, lang);
    if (!r.ok) {
      failed++;
      continue;
    }
    const twins = byTarget.get(r.relPath) ?? [];
    if (twins.length > 1) {
      const names = twins.map(showPath).join(", ");
      error(r.file, "duplicate-workbook", {
        ja: `評価年度 ${r.identity.year}・施策課題コード ${r.identity.code} のワークブックが複数あります: ${names}(どれも書き込みません)`,
        en: `more than one workbook for year ${r.identity.year} and code ${r.identity.code}: ${names} (none is written)`,
      });
      failed++;
      continue;
    }
    const outcome = await writeNew(outDir, r.relPath, Buffer.from(r.text, "utf8"), options.force);
    if (!outcome.ok) {
      error(r.file, "write-failed", outcome.message);
      failed++;
      continue;
    }
    written++;
    output.out(`${showPath(r.file)} → ${showPath(`${outDir.replace(/\/+$/, "")}/${r.relPath}`)}`);
  }
  output.out(
    ja
      ? `${written} 件を読み込み、${failed} 件は読み込めませんでした`
      : `${written} imported, ${failed} not imported`,
  );
  // --json: the workbooks taken, the sheets written, the workbooks not imported.
  output.result?.({ sheets: options.files.length, built: written, failed });
  return failed > 0 ? 1 : 0;
}
