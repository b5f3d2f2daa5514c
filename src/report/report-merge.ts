/**
 * One report from the reports of a sharded build (`report.shard-K-of-N.json`, one per CI job): the sheets of
 * all, the counts summed, the longest shard's time (they ran side by side), and which shards were merged or are
 * missing. Pure: src/commands/report-merge.ts reads and writes the files.
 */
import type { Localized } from "../i18n.js";
import { byInput, type MergedShard, REPORT_FORMAT_VERSION, type ReportFile } from "./report-json.js";

/** `report.shard-2-of-4.json` → 2 of 4. */
export const SHARD_REPORT = /^report\.shard-([1-9]\d{0,3})-of-([1-9]\d{0,3})\.json$/;

export interface ShardReport {
  /** The file's name in the output folder. */
  name: string;
  body: unknown;
}

export interface Merged {
  report: ReportFile;
  /** What keeps the merged report from being the whole build's: said, and exit 1; the report is still written. */
  problems: { file: string; message: Localized }[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The report if it has the shape this hyoka writes (the checks a merge needs), else why not. */
function asShardReport(body: unknown): ReportFile | Localized {
  if (!isObject(body)) return { ja: "JSON のオブジェクトではありません", en: "not a JSON object" };
  if (body.formatVersion !== REPORT_FORMAT_VERSION)
    return {
      ja: `報告の形式 ${String(body.formatVersion)} には対応していません(対応: ${REPORT_FORMAT_VERSION})。同じ版の hyoka で作り直してください`,
      en: `report format ${String(body.formatVersion)} is not supported (supported: ${REPORT_FORMAT_VERSION}); build it again with the same hyoka`,
    };
  const shard = body.shard;
  if (!isObject(shard) || typeof shard.index !== "number" || typeof shard.count !== "number")
    return {
      ja: "分割ビルドの報告ではありません(shard がありません)",
      en: "not a shard's report (no shard)",
    };
  if (!Array.isArray(body.sheets) || !isObject(body.counts) || typeof body.hyoka !== "string")
    return { ja: "報告の形が正しくありません", en: "the report does not have the expected shape" };
  return body as unknown as ReportFile;
}

export function mergeReports(inputs: readonly ShardReport[]): Merged {
  const problems: Merged["problems"] = [];
  const reports: { name: string; body: ReportFile }[] = [];
  for (const { name, body } of inputs) {
    const report = asShardReport(body);
    if ("ja" in report) problems.push({ file: name, message: report });
    else reports.push({ name, body: report });
  }
  reports.sort((a, b) => (a.body.shard?.index ?? 0) - (b.body.shard?.index ?? 0));
  const count = reports[0]?.body.shard?.count ?? 0;
  const seen = new Set<number>();
  const used: typeof reports = [];
  for (const r of reports) {
    const shard = r.body.shard as NonNullable<ReportFile["shard"]>;
    if (shard.count !== count) {
      problems.push({
        file: r.name,
        message: {
          ja: `${count} 分割のビルドではなく ${shard.count} 分割の報告です。まとめません`,
          en: `a report of ${shard.count} shards, not of ${count}: left out`,
        },
      });
      continue;
    }
    if (seen.has(shard.index)) {
      problems.push({
        file: r.name,
        message: {
          ja: `分割 ${shard.index} の報告が重複しています`,
          en: `shard ${shard.index} is reported twice`,
        },
      });
      continue;
    }
    seen.add(shard.index);
    used.push(r);
  }
  const versions = new Set(used.map((r) => r.body.hyoka));
  if (versions.size > 1)
    problems.push({
      file: used.map((r) => r.name).join(", "),
      message: {
        ja: `異なる版の hyoka の報告が混ざっています: ${[...versions].join(", ")}`,
        en: `reports of different hyoka versions: ${[...versions].join(", ")}`,
      },
    });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    problems.push({
      file: `report.shard-K-of-${count}.json`,
      message: {
        ja: `分割 ${missing.join(", ")} の報告がありません(そのジョブが失敗したか、集め忘れです)`,
        en: `no report of shard ${missing.join(", ")} (that job failed, or its outputs were not gathered)`,
      },
    });
  const counts: Record<string, number> = {};
  for (const r of used)
    for (const [key, value] of Object.entries(r.body.counts))
      if (typeof value === "number") counts[key] = (counts[key] ?? 0) + value;
  const sheets = used.flatMap((r) => r.body.sheets).sort(byInput);
  for (let i = 1; i < sheets.length; i++)
    if (sheets[i]?.input === sheets[i - 1]?.input)
      problems.push({
        file: sheets[i]?.input ?? "",
        message: {
          ja: "二つの分割の報告に同じシートがあります",
          en: "the same sheet is in two shards' reports",
        },
      });
  const shards: MergedShard[] = used.map((r) => ({
    report: r.name,
    shard: r.body.shard as NonNullable<ReportFile["shard"]>,
    hyoka: r.body.hyoka,
    interrupted: r.body.interrupted,
    seconds: r.body.seconds,
  }));
  return {
    report: {
      formatVersion: REPORT_FORMAT_VERSION,
      hyoka: used[0]?.body.hyoka ?? "",
      shard: null,
      interrupted: used.some((r) => r.body.interrupted),
      seconds: Math.max(0, ...used.map((r) => r.body.seconds)),
      counts,
      summaries: used.flatMap((r) => r.body.summaries ?? []),
      sheets,
      merged: { shards, missing },
    },
    problems,
  };
}
