/**
 * `out/report.json`: what a build did, per sheet, for people and for CI. Its shape is versioned
 * (`formatVersion`) and described by `schemas/report.schema.json`: a field is only ever added within a
 * version; a change that would break a reader raises it.
 */
import { createHash } from "node:crypto";
import type { Diagnostic } from "../diagnostics.js";
import type { SheetResult } from "../pipeline/process-sheet.js";
import type { Shard } from "../pipeline/shard.js";
import type { OutputRecord } from "../pipeline/sheet-result.js";
import { writeAtomic } from "../write/atomic.js";

/** The version of report.json's shape. */
export const REPORT_FORMAT_VERSION = 1;

export interface BuildReport {
  version: string;
  shard: Shard | null;
  interrupted: boolean;
  seconds: number;
  counts: Record<string, number>;
  results: SheetResult[];
  summaries: OutputRecord[];
}

export interface ReportSheet {
  input: string;
  status: string;
  year?: number;
  code?: string;
  outputs: OutputRecord[];
  pages?: number;
  warnings: Diagnostic[];
  errors: Diagnostic[];
  durationMs: number;
  timingsMs: Record<string, number>;
}

/** A shard's report that a merged report was made from. */
export interface MergedShard {
  report: string;
  shard: Shard;
  hyoka: string;
  interrupted: boolean;
  seconds: number;
}

/** report.json as written. */
export interface ReportFile {
  formatVersion: number;
  hyoka: string;
  shard: Shard | null;
  interrupted: boolean;
  seconds: number;
  counts: Record<string, number>;
  summaries: OutputRecord[];
  sheets: ReportSheet[];
  /** Only in a report merged from shards' reports (`hyoka report merge`). */
  merged?: { shards: MergedShard[]; missing: number[] };
}

export const byInput = (a: ReportSheet, b: ReportSheet) =>
  a.input < b.input ? -1 : a.input > b.input ? 1 : 0;

export function reportBody(report: BuildReport): ReportFile {
  const sheets = report.results
    .map(
      (r): ReportSheet => ({
        input: r.file,
        status: r.status,
        ...(r.identity ? { year: r.identity.year, code: r.identity.code } : {}),
        outputs: r.outputs,
        ...(r.pages !== undefined ? { pages: r.pages } : {}),
        warnings: r.diagnostics.filter((d) => d.severity === "warning"),
        errors: r.diagnostics.filter((d) => d.severity === "error"),
        durationMs: Math.round(r.durationMs * 10) / 10,
        timingsMs: Object.fromEntries(
          Object.entries(r.timings).map(([k, v]) => [k, Math.round(v * 10) / 10]),
        ),
      }),
    )
    .sort(byInput);
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    hyoka: report.version,
    shard: report.shard,
    interrupted: report.interrupted,
    seconds: Math.round(report.seconds * 100) / 100,
    counts: report.counts,
    summaries: report.summaries,
    sheets,
  };
}

/** Writes `body` as `outDir/name` (atomically); `beforeWrite` learns its record first (for the ownership ledger). */
export async function writeReportFile(
  outDir: string,
  name: string,
  body: ReportFile,
  beforeWrite?: (record: OutputRecord) => void,
): Promise<OutputRecord> {
  const bytes = Buffer.from(`${JSON.stringify(body, null, 2)}\n`);
  const record = {
    path: name,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    bytes: bytes.length,
  };
  beforeWrite?.(record);
  await writeAtomic(outDir, name, bytes);
  return record;
}

export async function writeReport(
  outDir: string,
  name: string,
  report: BuildReport,
  beforeWrite?: (record: OutputRecord) => void,
): Promise<OutputRecord> {
  return writeReportFile(outDir, name, reportBody(report), beforeWrite);
}
