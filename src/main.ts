/**
 * hyoka: sheets as JSON in, print-ready PDF and Excel out.
 *
 * Steps (each a module with one job; data flows one way):
 *   load      src/load/       glob (safe, sorted), read, parse JSON with positions
 *   validate  src/validate/   the form's zod schema → diagnostics with file:line:col and form labels
 *   model     templates/<form>/model.ts   derived values (era years, ratios), pure
 *   render    src/render-pdf/, src/render-xlsx/   layouts from templates/<form>/
 *   write     src/write/      atomic: temp file, checked, renamed
 *   report    src/report/     terminal text, report.json
 * `hyoka build` runs the per-sheet steps in worker threads (src/pipeline/).
 *
 * Each command's module is loaded when that command runs, not up front: `book` alone pulls pdfmake, pdfkit and
 * the fonts into the main thread (about 0.17 s of CPU and 20 MB at the start of every `hyoka build`).
 */
import { parseArgs } from "node:util";
import type { BuildOptions } from "./commands/build.js";
import type { Lang } from "./i18n.js";
import { DEFAULT_PATTERNS } from "./load/discover.js";
import { consoleOutput } from "./report/console.js";

const USAGE = `使い方 / usage:
  hyoka validate [ファイルやパターン…]
      シートを検証し、問題を行・列・項目名つきで示します。何も書き出しません。
  hyoka build [ファイルやパターン…] [--out DIR] [--jobs N] [--force] [--shard i/n] [--timeout 秒] [--memory MB]
      PDF とワークブックを DIR/<評価年度>/<コード>.pdf|.xlsx に、集計を DIR/<評価年度>/summary.xlsx に作成します。
      変更のないシートは省略します(--force ですべて作り直し)。--shard i/n は n 分割の i 番目だけを作成します。
  hyoka summary [ファイルやパターン…] [--out DIR]
      集計ワークブック(summary.xlsx)だけを作成します(分割ビルドの出力を集めた後に)。
  hyoka book [ファイルやパターン…] [--out DIR]
      評価年度ごとの冊子 DIR/<評価年度>/book.pdf(表紙、目次、全シート、しおり)を作成します。
      表紙の題名・発行者・発行日は hyoka.config.json から読みます。

  既定のパターンは data/**/*.json、既定の出力先は out/。
  共通: --lang ja|en(メッセージの言語。既定は日本語)

終了コード / exit codes: 0 すべて成功, 1 失敗したシートあり, 2 使い方の誤り, 130 中断`;

class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--${name} は 1 以上の整数です: ${value}`);
  return Number(value);
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        lang: { type: "string" },
        out: { type: "string" },
        jobs: { type: "string", short: "j" },
        force: { type: "boolean" },
        shard: { type: "string" },
        timeout: { type: "string" },
        memory: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`hyoka: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const lang = parseLang(values.lang as string | undefined);
    const [command, ...rest] = positionals;
    const patterns = rest.length > 0 ? rest : DEFAULT_PATTERNS;
    const outDir = (values.out as string | undefined) ?? "out";
    switch (command) {
      case "validate": {
        const { runValidate } = await import("./commands/validate.js");
        return await runValidate({ patterns, lang, output: consoleOutput });
      }
      case "build": {
        const { parseShard, runBuild } = await import("./commands/build.js");
        const shardText = values.shard as string | undefined;
        const shard = shardText === undefined ? undefined : parseShard(shardText);
        if (shardText !== undefined && !shard)
          throw new UsageError(`--shard は i/n の形です(例: 1/4): ${shardText}`);
        const options: BuildOptions = {
          patterns,
          outDir,
          lang,
          force: Boolean(values.force),
          timeoutMs: positiveInt("timeout", values.timeout as string | undefined, 60) * 1000,
          memoryMb: positiveInt("memory", values.memory as string | undefined, 512),
          output: consoleOutput,
          ...(shard ? { shard } : {}),
        };
        if (values.jobs !== undefined) options.jobs = positiveInt("jobs", values.jobs as string, 1);
        return await runBuild(options);
      }
      case "summary": {
        const { runSummary } = await import("./commands/summary.js");
        return await runSummary({ patterns, outDir, lang, output: consoleOutput });
      }
      case "book": {
        const { runBook } = await import("./commands/book.js");
        return await runBook({ patterns, outDir, lang, output: consoleOutput });
      }
      default:
        throw new UsageError(command ? `不明なコマンド: ${command}` : "コマンドを指定してください");
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hyoka: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

function parseLang(value: string | undefined): Lang {
  if (value === undefined) return "ja";
  if (value === "ja" || value === "en") return value;
  throw new UsageError(`--lang は ja か en です: ${String(value)}`);
}
