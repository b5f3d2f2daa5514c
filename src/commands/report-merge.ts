/**
 * `hyoka report merge`: after the outputs of a sharded build are gathered into one folder, its shards' reports
 * (`report.shard-K-of-N.json`) become one `report.json` (src/report/report-merge.ts). The folder is checked and
 * locked like `summary`'s, and a report.json hyoka did not write is never replaced. The shards' reports stay.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { diagnostic } from "../diagnostics.js";
import type { Lang } from "../i18n.js";
import { foreignFile, MANIFEST_PATH, readManifest, writeManifest } from "../pipeline/manifest.js";
import { Ownership } from "../pipeline/ownership.js";
import { type Output, printDiagnostics, showPath } from "../report/console.js";
import { writeReportFile } from "../report/report-json.js";
import { mergeReports, SHARD_REPORT, type ShardReport } from "../report/report-merge.js";
import { openOutDir } from "../write/out-dir.js";

export interface ReportMergeOptions {
  outDir: string;
  lang: Lang;
  output: Output;
}

/** A shard's report is a few MB at most (a sheet's entry is ~1 kB); a bigger file is not one hyoka wrote. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;
const REPORT = "report.json";

export async function runReportMerge(options: ReportMergeOptions): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  const opened = await openOutDir(options.outDir, { files: [] }, lang, output, { releaseOnSignal: true });
  if (typeof opened === "number") return opened;
  const root = opened.root;
  const shown = (name: string) => path.join(options.outDir, name);
  try {
    const names = (await readdir(root)).filter((n) => SHARD_REPORT.test(n)).sort();
    if (names.length === 0) {
      output.err(
        ja
          ? `${showPath(options.outDir)} に分割ビルドの報告(report.shard-K-of-N.json)がありません`
          : `no shard reports (report.shard-K-of-N.json) in ${showPath(options.outDir)}`,
      );
      return 1;
    }
    const inputs: ShardReport[] = [];
    const unreadable = [];
    for (const name of names) {
      const file = path.join(root, name);
      try {
        const info = await stat(file);
        if (!info.isFile() || info.size > MAX_REPORT_BYTES)
          throw new Error(ja ? "通常のファイルでないか大きすぎます" : "not a regular file, or too big");
        inputs.push({ name, body: JSON.parse(await readFile(file, "utf8")) });
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        unreadable.push(
          diagnostic(lang, {
            code: "report-unreadable",
            file: shown(name),
            message: { ja: `読めません: ${detail}`, en: `cannot be read: ${detail}` },
          }),
        );
      }
    }
    const { report, problems } = mergeReports(inputs);
    printDiagnostics(
      output,
      [
        ...unreadable,
        ...problems.map((p) =>
          diagnostic(lang, { code: "report-merge", file: shown(p.file), message: p.message }),
        ),
      ],
      lang,
    );
    const { manifest, problems: manifestProblems } = await readManifest(root);
    for (const problem of manifestProblems) output.err(`${ja ? "警告" : "warning"}: ${problem[lang]}`);
    const ownership = Ownership.open(root, manifest);
    if (ownership.standing(REPORT) === "foreign") {
      output.err(`${showPath(shown(REPORT))}: ${ja ? "エラー" : "error"}: ${foreignFile(REPORT)[lang]}`);
      return 1;
    }
    try {
      manifest.reports.set(REPORT, await writeReportFile(root, REPORT, report, (r) => ownership.note([r])));
      await writeManifest(root, manifest);
      await ownership.settle(manifest);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      output.err(
        ja
          ? `報告 ${REPORT} と記録 ${MANIFEST_PATH} を出力先 ${showPath(options.outDir)} に書き込めませんでした: ${detail}`
          : `could not write the report ${REPORT} and the record ${MANIFEST_PATH} into ${showPath(options.outDir)}: ${detail}`,
      );
      return 1;
    }
    const c = report.counts;
    output.result?.({
      sheets: report.sheets.length,
      built: c.built ?? 0,
      skipped: c.skipped ?? 0,
      failed: c.failed ?? 0,
    });
    const shards = report.merged?.shards.length ?? 0;
    output.out(
      ja
        ? `報告: ${showPath(shown(REPORT))}(分割 ${shards} 件の報告をまとめました: 作成 ${c.built ?? 0} 件、省略 ${c.skipped ?? 0} 件、失敗 ${c.failed ?? 0} 件)`
        : `report: ${showPath(shown(REPORT))} (${shards} shard reports merged: built ${c.built ?? 0}, skipped ${c.skipped ?? 0}, failed ${c.failed ?? 0})`,
    );
    return problems.length > 0 || unreadable.length > 0 ? 1 : 0;
  } finally {
    opened.release();
  }
}
