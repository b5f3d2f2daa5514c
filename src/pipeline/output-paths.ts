/**
 * The names of the files a build writes, relative to the output folder: the one place that makes them, so the
 * writer, the manifest's checks and the clean-up agree on what is hyoka's.
 */
import type { SheetIdentity } from "../forms/types.js";

/** A sheet's outputs: `<year>/<code>.pdf` and `.xlsx`. */
export function sheetOutputPaths(identity: Pick<SheetIdentity, "year" | "code">): {
  pdf: string;
  xlsx: string;
} {
  return { pdf: `${identity.year}/${identity.code}.pdf`, xlsx: `${identity.year}/${identity.code}.xlsx` };
}

/** The key two sheets share when they would write the same outputs. */
export function outputKey(identity: Pick<SheetIdentity, "year" | "code">): string {
  return `${identity.year}/${identity.code}`;
}

/** A year's consolidated workbook. */
export function yearOutputPath(year: number): string {
  return `${year}/summary.xlsx`;
}
