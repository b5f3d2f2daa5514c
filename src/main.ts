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
 */
import { parseArgs } from "node:util";
import { runValidate } from "./commands/validate.js";
import type { Lang } from "./i18n.js";
import { DEFAULT_PATTERNS } from "./load/discover.js";
import { consoleOutput } from "./report/console.js";

const USAGE = `使い方 / usage:
  hyoka validate [ファイルやパターン…] [--lang ja|en]
      既定は data/**/*.json。各シートを検証し、問題を行・列・項目名つきで示します。

終了コード / exit codes: 0 すべて成功, 1 失敗したシートあり, 2 使い方の誤り`;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        lang: { type: "string" },
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
    switch (command) {
      case "validate":
        return await runValidate({ patterns, lang, output: consoleOutput });
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
