/**
 * The names of the files a build writes, relative to the output folder: the one place that makes them, so the
 * writer, the duplicate check, the manifest's checks and the clean-up agree on what is hyoka's. A form names its
 * outputs `<year>/<code><suffix>` (templates/<id>/form.json, `output.suffix`; none for the first form, whose
 * names stay `<year>/<code>.pdf`), so the forms of one measure and year never write the same files.
 */
import { outputSuffix } from "../forms/identity-hint.js";
import type { SheetIdentity } from "../forms/types.js";

type Named = Pick<SheetIdentity, "formId" | "year" | "code">;

/** `<year>/<code><suffix>`; undefined for a form that is not known (nothing can be written for it). */
export function outputStem(identity: Named): string | undefined {
  const suffix = outputSuffix(identity.formId);
  return suffix === undefined ? undefined : `${identity.year}/${identity.code}${suffix}`;
}

/** A sheet's outputs: `<year>/<code><suffix>.pdf` and `.xlsx`. */
export function sheetOutputPaths(identity: Named): { pdf: string; xlsx: string } {
  const stem = outputStem(identity);
  if (stem === undefined) throw new Error(`unknown form ${JSON.stringify(identity.formId)} names no outputs`);
  return { pdf: `${stem}.pdf`, xlsx: `${stem}.xlsx` };
}

/**
 * The outputs a manifest entry may list: its form's, or, for an entry recorded before entries named their form
 * (when there was one form, without a suffix), `<year>/<code>.pdf` and `.xlsx`. None for a form not known now.
 */
export function recordedOutputPaths(entry: { form?: string; year: number; code: string }): string[] {
  const stem =
    entry.form === undefined ? `${entry.year}/${entry.code}` : outputStem({ ...entry, formId: entry.form });
  return stem === undefined ? [] : [`${stem}.pdf`, `${stem}.xlsx`];
}

/** The key two sheets share when they would write the same outputs, whatever their forms. */
export function outputKey(identity: Named): string {
  return outputStem(identity) ?? `${identity.formId}:${identity.year}/${identity.code}`;
}

/** A year's consolidated workbook. */
export function yearOutputPath(year: number): string {
  return `${year}/summary.xlsx`;
}

/** A year's book. */
export function bookOutputPath(year: number): string {
  return `${year}/book.pdf`;
}
