/** `out/report.json`: what a build did, per sheet, for people and for CI. */
import { createHash } from "node:crypto";
import type { SheetResult } from "../pipeline/process-sheet.js";
import type { Shard } from "../pipeline/shard.js";
import { writeAtomic } from "../write/atomic.js";

export interface BuildReport {
  version: string;
  shard: Shard | null;
  interrupted: boolean;
  seconds: number;
  counts: Record<string, number>;
  results: SheetResult[];
  summaries: { path: string; sha256: string; bytes: number }[];
}

export async function writeReport(
  outDir: string,
  name: string,
  report: BuildReport,
  beforeWrite?: (record: { path: string; sha256: string; bytes: number }) => void,
): Promise<{ path: string; sha256: string; bytes: number }> {
  const sheets = [...report.results]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((r) => ({
      input: r.file,
      status: r.status,
      ...(r.identity ? { year: r.identity.year, code: r.identity.code } : {}),
      outputs: r.outputs,
      ...(r.pages !== undefined ? { pages: r.pages } : {}),
      warnings: r.diagnostics.filter((d) => d.severity === "warning"),
      errors: r.diagnostics.filter((d) => d.severity === "error"),
      durationMs: Math.round(r.durationMs * 10) / 10,
      timingsMs: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Math.round(v * 10) / 10])),
    }));
  const body = {
    hyoka: report.version,
    shard: report.shard,
    interrupted: report.interrupted,
    seconds: Math.round(report.seconds * 100) / 100,
    counts: report.counts,
    summaries: report.summaries,
    sheets,
  };
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
