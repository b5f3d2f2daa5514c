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
 *
 * The command line is read here, all of it, before any work: each command takes only its own options, each at
 * most once and never empty, and every number within its bounds (see `LIMITS`); anything else is a usage error
 * (exit 2) that names the command and the options it takes, in Japanese or, with `--lang en`, English.
 */
import { availableParallelism, totalmem } from "node:os";
import { parseArgs } from "node:util";
import type { BuildOptions } from "./commands/build.js";
import type { Lang, Localized } from "./i18n.js";
import { DEFAULT_PATTERNS } from "./load/discover.js";
import { consoleOutput } from "./report/console.js";
import { setStreamLang, writeStderr, writeStdout } from "./report/streams.js";

/** The preview's port of `hyoka watch` (commands/watch.ts says why this one). */
const DEFAULT_WATCH_PORT = 4649;

const OPTIONS = {
  out: { type: "string" },
  jobs: { type: "string", short: "j" },
  force: { type: "boolean" },
  shard: { type: "string" },
  timeout: { type: "string" },
  memory: { type: "string" },
  port: { type: "string" },
  year: { type: "string" },
  form: { type: "string" },
  data: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type OptionName = keyof typeof OPTIONS;
type Command = "validate" | "build" | "summary" | "book" | "new" | "watch";

/** The options each command takes (`--help` is taken by all). */
export const COMMAND_OPTIONS: Record<Command, readonly OptionName[]> = {
  validate: ["lang", "help"],
  build: ["out", "jobs", "force", "shard", "timeout", "memory", "lang", "help"],
  summary: ["out", "lang", "help"],
  book: ["out", "lang", "help"],
  new: ["year", "form", "data", "lang", "help"],
  watch: ["out", "jobs", "timeout", "memory", "port", "lang", "help"],
};

function isCommand(name: string | undefined): name is Command {
  return name !== undefined && Object.hasOwn(COMMAND_OPTIONS, name);
}

/** The bounds of the numeric options. */
export const LIMITS = {
  /** Worker threads: at most 4 per core the process may use, and never more than 32. */
  jobsMax: (): number => Math.min(32, 4 * availableParallelism()),
  /** Seconds a sheet may take: 1 s to 1 day (Node's timers stop at 2^31 − 1 ms, about 24.8 days). */
  timeoutMin: 1,
  timeoutMax: 86_400,
  /** A worker's heap: 64 MB to 16 GB, and no more than the machine's memory. */
  memoryMin: 64,
  memoryMax: (): number => Math.min(16_384, Math.floor(totalmem() / 2 ** 20)),
  /** `--shard i/n`: n at most 1000 (see commands/build.ts `parseShard`). */
  shardsMax: 1000,
} as const;

const USAGE: Record<Lang, string> = {
  ja: `使い方 / usage:
  hyoka validate [ファイルやパターン…] [--lang ja|en]
      シートを検証し、問題を行・列・項目名つきで示します。何も書き出しません。
  hyoka build [ファイルやパターン…] [--out DIR] [--jobs N] [--force] [--shard i/n] [--timeout 秒] [--memory MB] [--lang ja|en]
      PDF とワークブックを DIR/<評価年度>/<コード>.pdf|.xlsx に、集計を DIR/<評価年度>/summary.xlsx に作成します。
      変更のないシートは省略します(--force ですべて作り直し)。
      --jobs N, -j N   ワーカー数。1〜${LIMITS.jobsMax()}(CPU コア数の 4 倍まで、最大 32)。既定は CPU コア数
      --shard i/n      n 分割の i 番目だけを作成します(1 ≤ i ≤ n ≤ ${LIMITS.shardsMax})
      --timeout 秒     1 シートの制限時間。${LIMITS.timeoutMin}〜${LIMITS.timeoutMax}(1 日)。既定は 60
      --memory MB      各ワーカーのメモリ上限。${LIMITS.memoryMin}〜${LIMITS.memoryMax()}(このマシンのメモリまで)。既定は 512
  hyoka summary [ファイルやパターン…] [--out DIR] [--lang ja|en]
      集計ワークブック(summary.xlsx)だけを作成します(分割ビルドの出力を集めた後に)。
  hyoka book [ファイルやパターン…] [--out DIR] [--lang ja|en]
      評価年度ごとの冊子 DIR/<評価年度>/book.pdf(表紙、目次、全シート、しおり)を作成します。
      表紙の題名・発行者・発行日は hyoka.config.json から読みます。
  hyoka new <コード> --year 年度 [--form 様式] [--data DIR] [--lang ja|en]
      新しいシートの雛形 DIR/<年度>/<コード>.json を作ります(既定の DIR は data)。既存のファイルは上書きしません。
      すべての項目が空欄で入っており、hyoka validate が「記入してください」と項目名つきで示します。
  hyoka watch [ファイルやパターン…] [--out DIR] [--port N] [--jobs N] [--timeout 秒] [--memory MB] [--lang ja|en]
      保存のたびに変わったシートだけを作り直し、http://127.0.0.1:N/ (既定 ${DEFAULT_WATCH_PORT})のプレビューに
      最新の PDF と問題を表示します。Ctrl-C で終了します。
  hyoka --help, hyoka <コマンド> --help
      この説明を表示します。

  既定のパターンは data/**/*.json、既定の出力先は out/。-- の後ろはすべてパターンです。
  各オプションは 1 回だけ、数値は符号や小数点のない整数で指定します。
  --lang ja|en: メッセージの言語(既定は日本語)

終了コード / exit codes: 0 すべて成功, 1 失敗したシートあり, 2 使い方の誤り, 130 中断`,
  en: `usage:
  hyoka validate [files or globs…] [--lang ja|en]
      checks the sheets and reports every problem with line, column and field; writes nothing.
  hyoka build [files or globs…] [--out DIR] [--jobs N] [--force] [--shard i/n] [--timeout S] [--memory MB] [--lang ja|en]
      writes DIR/<year>/<code>.pdf and .xlsx, and DIR/<year>/summary.xlsx; unchanged sheets are skipped
      (--force rebuilds all).
      --jobs N, -j N   worker threads, 1 to ${LIMITS.jobsMax()} (4 per CPU core, at most 32); default: the CPU cores
      --shard i/n      builds only the i-th of n shares (1 ≤ i ≤ n ≤ ${LIMITS.shardsMax})
      --timeout S      seconds one sheet may take, ${LIMITS.timeoutMin} to ${LIMITS.timeoutMax} (one day); default 60
      --memory MB      heap limit of each worker, ${LIMITS.memoryMin} to ${LIMITS.memoryMax()} (this machine's memory); default 512
  hyoka summary [files or globs…] [--out DIR] [--lang ja|en]
      only the consolidated workbooks (summary.xlsx), after gathering the outputs of a sharded build.
  hyoka book [files or globs…] [--out DIR] [--lang ja|en]
      the annual report book DIR/<year>/book.pdf (cover, contents, every sheet, bookmarks);
      the cover's title, issuer and date come from hyoka.config.json.
  hyoka new <code> --year Y [--form FORM] [--data DIR] [--lang ja|en]
      writes a new sheet DIR/<year>/<code>.json (DIR: data) with every field empty, which hyoka validate reports
      as "fill this in" with the field's label; never overwrites a file.
  hyoka watch [files or globs…] [--out DIR] [--port N] [--jobs N] [--timeout S] [--memory MB] [--lang ja|en]
      rebuilds the sheets whose file changed and shows the newest PDF and its problems at http://127.0.0.1:N/
      (default ${DEFAULT_WATCH_PORT}); Ctrl-C stops.
  hyoka --help, hyoka <command> --help
      prints this text.

  Default patterns: data/**/*.json; default output folder: out/. Everything after -- is a pattern.
  Each option at most once; numbers are plain whole numbers (no sign, decimal point or exponent).
  --lang ja|en: the language of the messages (Japanese by default)

exit codes: 0 all done, 1 any sheet failed, 2 usage error, 130 interrupted`,
};

class UsageError extends Error {
  constructor(
    readonly text: Localized,
    /** The command whose usage follows the message; the whole usage when undefined. */
    readonly command?: Command,
  ) {
    super(text.ja);
  }
}

let currentLang: Lang = "ja";

/** The language of the messages: Japanese until the command line has said otherwise. */
export function commandLang(): Lang {
  return currentLang;
}

function setLang(lang: Lang): void {
  currentLang = lang;
  setStreamLang(lang);
}

/**
 * `--lang en` or `--lang=en` anywhere before `--`, read before the rest: a usage error elsewhere on the command
 * line is then said in English too.
 */
function scanLang(argv: readonly string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    const value =
      a === "--lang" ? argv[i + 1] : a?.startsWith("--lang=") ? a.slice("--lang=".length) : undefined;
    if (value === "en" || value === "ja") return value;
  }
  return "ja";
}

function label(name: OptionName): string {
  return name === "jobs" ? "--jobs/-j" : `--${name}`;
}

/** "--lang" or "--out, --lang": what a command takes (`--help` left out: every command takes it). */
function takes(command: Command): string {
  return COMMAND_OPTIONS[command]
    .filter((n) => n !== "help")
    .map(label)
    .join(", ");
}

const VALUE_NAMES: Record<OptionName, string> = {
  out: "DIR",
  jobs: "N",
  force: "",
  shard: "i/n",
  timeout: "S",
  memory: "MB",
  port: "N",
  year: "Y",
  form: "FORM",
  data: "DIR",
  lang: "ja|en",
  help: "",
};

interface CommandLine {
  help: boolean;
  command: Command | undefined;
  values: Partial<Record<OptionName, string | true>>;
  patterns: string[];
}

/** Reads the command line; a usage error throws UsageError. */
function readCommandLine(argv: string[]): CommandLine {
  const { tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals = tokens.flatMap((t) => (t.kind === "positional" ? [t.value] : []));
  const [first, ...patterns] = positionals;
  const command = isCommand(first) ? first : undefined;
  const values: CommandLine["values"] = {};
  let help = false;
  let problem: UsageError | undefined;
  const fail = (ja: string, en: string) => {
    problem ??= new UsageError({ ja, en }, command);
  };
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const raw = t.rawName;
    if (!Object.hasOwn(OPTIONS, t.name)) {
      const hint = command
        ? {
            ja: `(hyoka ${command} で使えるオプション: ${takes(command)})`,
            en: ` (hyoka ${command} takes: ${takes(command)})`,
          }
        : { ja: "", en: "" };
      fail(`不明なオプション: ${raw}${hint.ja}`, `unknown option: ${raw}${hint.en}`);
      continue;
    }
    const name = t.name as OptionName;
    if (name === "help") {
      help = true;
      continue;
    }
    if (command && !COMMAND_OPTIONS[command].includes(name)) {
      fail(
        `hyoka ${command} は ${raw} を受け付けません(使えるオプション: ${takes(command)})`,
        `hyoka ${command} does not take ${raw} (it takes: ${takes(command)})`,
      );
      continue;
    }
    if (values[name] !== undefined) {
      fail(
        `${label(name)} が 2 回以上指定されています(1 回だけ指定してください)`,
        `${label(name)} is given more than once (give it once)`,
      );
      continue;
    }
    if (OPTIONS[name].type === "boolean") {
      if (t.value !== undefined)
        fail(`${raw} は値をとりません: ${raw}=${t.value}`, `${raw} takes no value: ${raw}=${t.value}`);
      values[name] = true;
      continue;
    }
    const example = `${raw} ${VALUE_NAMES[name]}`;
    if (t.value === undefined) {
      fail(`${raw} の値がありません(${example})`, `${raw} needs a value (${example})`);
      continue;
    }
    if (!t.inlineValue && t.value.startsWith("-") && t.value !== "-") {
      fail(
        `${raw} の値がありません: 次の ${t.value} はオプションとして扱いません(- で始まる値は ${raw}=${t.value} と書きます)`,
        `${raw} needs a value: the next argument ${t.value} looks like an option (write ${raw}=${t.value} for a value that starts with -)`,
      );
      continue;
    }
    if (t.value === "") {
      fail(`${raw} の値が空です(${example})`, `${raw} has an empty value (${example})`);
      continue;
    }
    values[name] = t.value;
  }
  if (patterns.some((p) => p.trim() === ""))
    fail("空のファイル名やパターンは使えません", "an empty file name or pattern is not allowed");
  if (help) return { help, command, values, patterns };
  if (problem) throw problem;
  if (!command)
    throw first === undefined
      ? new UsageError({ ja: "コマンドを指定してください", en: "no command given" })
      : new UsageError({ ja: `不明なコマンド: ${first}`, en: `unknown command: ${first}` });
  return { help, command, values, patterns };
}

function printUsageError(error: UsageError, lang: Lang): void {
  const more = lang === "ja" ? "詳しくは hyoka --help を見てください" : "hyoka --help says more";
  const usage = error.command ? commandUsage(error.command, lang) : USAGE[lang];
  writeStderr(`hyoka: ${error.text[lang]}\n\n${usage}\n${error.command ? `\n${more}\n` : ""}`);
}

/** The lines of the whole usage that are about `command`. */
function commandUsage(command: Command, lang: Lang): string {
  const lines = USAGE[lang].split("\n");
  const start = lines.findIndex((l) => l.startsWith(`  hyoka ${command} `));
  let end = start + 1;
  while (end < lines.length && lines[end]?.startsWith("      ")) end++;
  return [lines[0], ...lines.slice(start, end)].join("\n");
}

/**
 * A whole number option: digits only, no sign, no leading zero, no decimal point or exponent, no spaces;
 * then within [min, max].
 */
function wholeNumber(
  name: OptionName,
  text: string,
  min: number,
  max: number,
  command: Command,
  over?: Localized,
): number {
  const range = `${min}〜${max}`;
  if (!/^[1-9][0-9]*$/.test(text))
    throw new UsageError(
      {
        ja: `--${name} は ${range} の整数です(符号・小数点・指数・空白なしで): ${text}`,
        en: `--${name} must be a whole number from ${min} to ${max} (no sign, decimal point, exponent or spaces): ${text}`,
      },
      command,
    );
  const value = Number(text);
  if (value > max)
    throw new UsageError(
      over ?? {
        ja: `--${name} は ${max} までです: ${text}`,
        en: `--${name} must be at most ${max}: ${text}`,
      },
      command,
    );
  if (value < min)
    throw new UsageError(
      { ja: `--${name} は ${min} 以上です: ${text}`, en: `--${name} must be at least ${min}: ${text}` },
      command,
    );
  return value;
}

function parseLang(value: string | true | undefined): Lang {
  if (value === undefined) return "ja";
  if (value === "ja" || value === "en") return value;
  throw new UsageError({
    ja: `--lang は ja か en です: ${String(value)}`,
    en: `--lang is ja or en: ${String(value)}`,
  });
}

export async function main(argv: string[]): Promise<number> {
  setLang(scanLang(argv));
  let line: CommandLine;
  let lang: Lang;
  try {
    line = readCommandLine(argv);
    lang = line.help ? currentLang : parseLang(line.values.lang);
    setLang(lang);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printUsageError(error, currentLang);
    return 2;
  }
  if (line.help || !line.command) {
    writeStdout(`${USAGE[lang]}\n`);
    return 0;
  }
  const { command, values } = line;
  const patterns = line.patterns.length > 0 ? line.patterns : DEFAULT_PATTERNS;
  const outDir = typeof values.out === "string" ? values.out : "out";
  try {
    switch (command) {
      case "validate": {
        const { runValidate } = await import("./commands/validate.js");
        return await runValidate({ patterns, lang, output: consoleOutput });
      }
      case "build": {
        const options = await buildOptions(values, patterns, outDir, lang);
        const { runBuild } = await import("./commands/build.js");
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
      case "new": {
        const [code, ...more] = line.patterns;
        if (code === undefined || more.length > 0)
          throw new UsageError(
            {
              ja: "コードを 1 つ指定してください(例: hyoka new 72302000 --year 2014)",
              en: "give one code (e.g. hyoka new 72302000 --year 2014)",
            },
            "new",
          );
        const yearText = typeof values.year === "string" ? values.year : undefined;
        if (yearText === undefined)
          throw new UsageError(
            { ja: "--year がありません(例: --year 2014)", en: "--year is missing (e.g. --year 2014)" },
            "new",
          );
        const { runNew } = await import("./commands/new.js");
        return await runNew({
          code,
          year: wholeNumber("year", yearText, 1000, 9999, "new"),
          ...(typeof values.form === "string" ? { form: values.form } : {}),
          dataDir: typeof values.data === "string" ? values.data : "data",
          lang,
          output: consoleOutput,
        });
      }
      case "watch": {
        const options = await buildOptions(values, patterns, outDir, lang, "watch");
        const portText = typeof values.port === "string" ? values.port : undefined;
        const port =
          portText === undefined
            ? DEFAULT_WATCH_PORT
            : portText === "0"
              ? 0
              : wholeNumber("port", portText, 1, 65_535, "watch");
        const { runWatch } = await import("./commands/watch.js");
        return await runWatch({ ...options, port });
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      printUsageError(error, lang);
      return 2;
    }
    throw error;
  }
}

/** `hyoka build`'s options, every one checked before a worker starts. */
async function buildOptions(
  values: CommandLine["values"],
  patterns: string[],
  outDir: string,
  lang: Lang,
  command: "build" | "watch" = "build",
): Promise<BuildOptions> {
  const { parseShard } = await import("./commands/build.js");
  const text = (name: OptionName) =>
    typeof values[name] === "string" ? (values[name] as string) : undefined;
  const shardText = text("shard");
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  if (shardText !== undefined && !shard)
    throw new UsageError(
      {
        ja: `--shard は i/n の形で、1 ≤ i ≤ n ≤ ${LIMITS.shardsMax} の整数です(例: 1/4): ${shardText}`,
        en: `--shard is i/n with whole numbers 1 ≤ i ≤ n ≤ ${LIMITS.shardsMax} (e.g. 1/4): ${shardText}`,
      },
      "build",
    );
  const cores = availableParallelism();
  const jobsMax = LIMITS.jobsMax();
  const memoryMax = LIMITS.memoryMax();
  const jobsText = text("jobs");
  const timeoutText = text("timeout");
  const memoryText = text("memory");
  const options: BuildOptions = {
    patterns,
    outDir,
    lang,
    force: values.force === true,
    timeoutMs:
      (timeoutText === undefined
        ? 60
        : wholeNumber("timeout", timeoutText, LIMITS.timeoutMin, LIMITS.timeoutMax, command, {
            ja: `--timeout は ${LIMITS.timeoutMax} 秒(1 日)までです: ${timeoutText}`,
            en: `--timeout must be at most ${LIMITS.timeoutMax} seconds (one day): ${timeoutText}`,
          })) * 1000,
    memoryMb:
      memoryText === undefined
        ? 512
        : wholeNumber("memory", memoryText, LIMITS.memoryMin, memoryMax, command, {
            ja: `--memory は ${memoryMax} MB までです(16384 MB とこのマシンのメモリ ${Math.floor(totalmem() / 2 ** 20)} MB の小さい方): ${memoryText}`,
            en: `--memory must be at most ${memoryMax} MB (the lesser of 16384 MB and this machine's ${Math.floor(totalmem() / 2 ** 20)} MB): ${memoryText}`,
          }),
    output: consoleOutput,
    ...(shard ? { shard } : {}),
  };
  if (jobsText !== undefined)
    options.jobs = wholeNumber("jobs", jobsText, 1, jobsMax, command, {
      ja: `--jobs は ${jobsMax} までです(CPU コア ${cores} 個の 4 倍まで、最大 32): ${jobsText}`,
      en: `--jobs must be at most ${jobsMax} (4 per CPU core, ${cores} cores here, and at most 32): ${jobsText}`,
    });
  return options;
}
