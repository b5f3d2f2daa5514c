/**
 * The table of commands: one row per command, and nothing else needs to change to add one.
 *
 * To add `hyoka new`: write src/commands/new.ts (a `runNew(options)` that returns the exit code and reports
 * through `output`), then add a row below: its name, its own options (new ones are one line each in
 * ./options.ts `OPTIONS`), whether it takes files or patterns (and their name in the usage, if not sheets), its usage lines in both languages, and `run`,
 * which loads the module only when the command runs (each command's modules cost start-up time otherwise).
 * `--lang`, `--quiet`, `--json`, `--help` and `--version` come with every row; the parser (src/main.ts) rejects
 * any option not in a row, and the usage and `--help` are made from the rows.
 */
import { availableParallelism, totalmem } from "node:os";
import type { BuildOptions } from "../commands/build.js";
import type { Lang, Localized } from "../i18n.js";
import type { Output } from "../report/console.js";
import { COMMON_OPTIONS, LIMITS, type OptionName, UsageError, wholeNumber } from "./options.js";

/** What a command's `run` gets: the command line, read and checked. */
export interface CommandContext {
  /** The files and patterns given, or the defaults (`data/**\/*.json`). */
  patterns: string[];
  /** `--out`, or `out`. */
  outDir: string;
  lang: Lang;
  output: Output;
  /** Every option given (`true` for a switch), for the command's own checks. */
  values: Partial<Record<OptionName, string | true>>;
}

export interface CommandSpec {
  /** What follows `hyoka`: a word, or two for a command of a group (`report merge`). */
  name: string;
  /** Its own options, in the order the usage lists them (the common ones are added). */
  options: readonly OptionName[];
  /** Options this command cannot do without: the usage shows them without brackets. */
  required?: readonly OptionName[];
  /** A value's name where this command's differs from the option's own (`--out FILE`, not `DIR`). */
  valueNames?: Partial<Record<OptionName, Localized>>;
  /** Whether it takes files or patterns (`data/**\/*.json` by default); without, any operand is an error. */
  operands: boolean;
  /**
   * How the usage names the operands when they are not sheets' files or patterns (`<コード>`, `FILE.pdf…`),
   * written as the usage shows them: brackets for optional ones, none for those the command needs.
   */
  operandNames?: Localized;
  /**
   * Whether it renders PDFs: if so, src/main.ts checks the PDF engine (`HYOKA_PDF_ENGINE`, the libraries'
   * versions: src/render-pdf/engine/startup.ts) once before `run`, and stops with one message on a fault.
   */
  rendersPdf?: true;
  /** What it does, and its options' bounds: lines of the usage, in each language. */
  about: (lang: Lang) => string[];
  run(context: CommandContext): Promise<number>;
}

/** The preview's port of `hyoka watch` (commands/watch.ts says why this one). */
const DEFAULT_WATCH_PORT = 4649;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "validate",
    options: [],
    operands: true,
    about: (lang) =>
      lang === "ja"
        ? ["シートを検証し、問題を行・列・項目名つきで示します。何も書き出しません。"]
        : ["checks the sheets and reports every problem with line, column and field; writes nothing."],
    run: async ({ patterns, lang, output }) => {
      const { runValidate } = await import("../commands/validate.js");
      return runValidate({ patterns, lang, output });
    },
  },
  {
    name: "build",
    options: ["out", "jobs", "force", "book", "draft", "shard", "timeout", "memory"],
    rendersPdf: true,
    operands: true,
    about: (lang) =>
      lang === "ja"
        ? [
            "PDF とワークブックを DIR/<評価年度>/<コード>.pdf|.xlsx(評価表(2) は <コード>-2.pdf|.xlsx)に、",
            "集計を DIR/<評価年度>/summary.xlsx に作成します。変更のないシートは省略します(--force ですべて作り直し)。",
            "--book           受け付けたシートから評価年度ごとの冊子 DIR/<評価年度>/book.pdf も作成します",
            "--draft          下書きの PDF(PDF/A・タグ・元データの添付なし。速く小さい)を作成します",
            `--jobs N, -j N   ワーカー数。1〜${LIMITS.jobsMax()}(CPU コア数の 4 倍まで、最大 32)。既定は CPU コア数`,
            `--shard i/n      n 分割の i 番目だけを作成します(1 ≤ i ≤ n ≤ ${LIMITS.shardsMax})`,
            `--timeout 秒     1 シートの制限時間。${LIMITS.timeoutMin}〜${LIMITS.timeoutMax}(1 日)。既定は 60`,
            `--memory MB      各ワーカーのメモリ上限。${LIMITS.memoryMin}〜${LIMITS.memoryMax()}(このマシンのメモリまで)。既定は 512`,
          ]
        : [
            "writes DIR/<year>/<code>.pdf and .xlsx (<code>-2.pdf and .xlsx for 評価表(2)), and",
            "DIR/<year>/summary.xlsx; unchanged sheets are skipped (--force rebuilds all).",
            "--book           also each year's book DIR/<year>/book.pdf, from the sheets the build accepted",
            "--draft          draft PDFs: no PDF/A, tags or attached source (quicker, smaller)",
            `--jobs N, -j N   worker threads, 1 to ${LIMITS.jobsMax()} (4 per CPU core, at most 32); default: the CPU cores`,
            `--shard i/n      builds only the i-th of n shares (1 ≤ i ≤ n ≤ ${LIMITS.shardsMax})`,
            `--timeout S      seconds one sheet may take, ${LIMITS.timeoutMin} to ${LIMITS.timeoutMax} (one day); default 60`,
            `--memory MB      heap limit of each worker, ${LIMITS.memoryMin} to ${LIMITS.memoryMax()} (this machine's memory); default 512`,
          ],
    run: async (context) => {
      const options = await buildOptions(context);
      const { runBuild } = await import("../commands/build.js");
      return runBuild(options);
    },
  },
  {
    name: "summary",
    options: ["out"],
    operands: true,
    about: (lang) =>
      lang === "ja"
        ? ["集計ワークブック(summary.xlsx)だけを作成します(分割ビルドの出力を集めた後に)。"]
        : ["only the consolidated workbooks (summary.xlsx), after gathering the outputs of a sharded build."],
    run: async ({ patterns, outDir, lang, output }) => {
      const { runSummary } = await import("../commands/summary.js");
      return runSummary({ patterns, outDir, lang, output });
    },
  },
  {
    name: "book",
    options: ["out", "draft"],
    rendersPdf: true,
    operands: true,
    about: (lang) =>
      lang === "ja"
        ? [
            "評価年度ごとの冊子 DIR/<評価年度>/book.pdf(表紙、目次、全シート、しおり)を作成します。",
            "表紙の題名・発行者・発行日は hyoka.config.json から読みます。",
            "--draft          下書きの PDF(PDF/A・タグなし)を作成します",
          ]
        : [
            "the annual report book DIR/<year>/book.pdf (cover, contents, every sheet, bookmarks);",
            "the cover's title, issuer and date come from hyoka.config.json.",
            "--draft          a draft PDF: no PDF/A, no tags",
          ],
    run: async ({ patterns, outDir, lang, output, values }) => {
      const { runBook } = await import("../commands/book.js");
      return runBook({
        patterns,
        outDir,
        lang,
        output,
        progress: output.progress !== false,
        draft: values.draft === true,
      });
    },
  },
  {
    name: "new",
    options: ["year", "form", "data"],
    required: ["year"],
    operands: true,
    operandNames: { ja: "<コード>", en: "<code>" },
    about: (lang) =>
      lang === "ja"
        ? [
            "新しいシートの雛形 DIR/<年度>/<コード>.json を作ります(--data DIR、既定は data)。",
            "--form 様式      様式(既定は様式 id の順で最初のもの)。ファイル名は様式の出力名に合わせます(評価表(2) は <コード>-2.json)",
            "すべての項目が空欄で入っており、hyoka validate が「記入してください」と項目名つきで示します。既存のファイルは上書きしません。",
          ]
        : [
            "writes a new sheet DIR/<year>/<code>.json (--data DIR, default data).",
            "--form ID        the form (default: the first by id); the file is named as the form names its outputs (評価表(2): <code>-2.json)",
            'Every field is empty, which hyoka validate reports as "fill this in" with its label; never overwrites a file.',
          ],
    run: async ({ patterns, values, lang, output }) => {
      const { DEFAULT_PATTERNS } = await import("../load/discover.js");
      const given =
        patterns.length === DEFAULT_PATTERNS.length && patterns.every((p, i) => p === DEFAULT_PATTERNS[i])
          ? []
          : patterns;
      const [code, ...more] = given;
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
      const { runNew } = await import("../commands/new.js");
      return runNew({
        code,
        year: wholeNumber("year", yearText, 1000, 9999, "new"),
        ...(typeof values.form === "string" ? { form: values.form } : {}),
        dataDir: typeof values.data === "string" ? values.data : "data",
        lang,
        output,
      });
    },
  },
  {
    name: "watch",
    options: ["out", "port", "jobs", "timeout", "memory"],
    rendersPdf: true,
    operands: true,
    about: (lang) =>
      lang === "ja"
        ? [
            `保存のたびに変わったシートだけを作り直し、http://127.0.0.1:N/ (--port N、既定 ${DEFAULT_WATCH_PORT})のプレビューに`,
            "最新の PDF と問題を表示します。Ctrl-C で終了します。",
          ]
        : [
            `rebuilds the sheets whose file changed and shows the newest PDF and its problems at http://127.0.0.1:N/`,
            `(--port N, default ${DEFAULT_WATCH_PORT}); Ctrl-C stops.`,
          ],
    run: async (context) => {
      const options = await buildOptions(context, "watch");
      const portText = typeof context.values.port === "string" ? context.values.port : undefined;
      const port =
        portText === undefined
          ? DEFAULT_WATCH_PORT
          : portText === "0"
            ? 0
            : wholeNumber("port", portText, 1, 65_535, "watch");
      const { runWatch } = await import("../commands/watch.js");
      return runWatch({ ...options, port });
    },
  },
  {
    name: "template",
    options: ["form", "year", "code", "out", "force"],
    required: ["form", "out"],
    valueNames: { out: { ja: "FILE", en: "FILE" } },
    operands: false,
    about: (lang) =>
      lang === "ja"
        ? ["職員が入力する Excel ワークブック(入力用ワークブック)の白紙を --out FILE に作成します。"]
        : ["writes a blank input workbook (the Excel workbook staff fill in) to --out FILE."],
    run: async ({ values, lang, output }) => {
      const out = requiredOut("template", values);
      const text = (name: OptionName) =>
        typeof values[name] === "string" ? (values[name] as string) : undefined;
      const { runTemplate, TemplateUsageError } = await import("../commands/template.js");
      try {
        return await runTemplate({
          form: text("form"),
          year: text("year"),
          code: text("code"),
          out,
          force: values.force === true,
          lang,
          output,
        });
      } catch (error) {
        if (error instanceof TemplateUsageError) throw new UsageError(error.text, "template");
        throw error;
      }
    },
  },
  {
    name: "export",
    options: ["out", "force"],
    required: ["out"],
    operands: true,
    about: (lang) =>
      lang === "ja"
        ? ["シートを入力済みの入力用ワークブック DIR/<評価年度>/<コード>.xlsx に書き出します。"]
        : ["writes each sheet as a filled-in input workbook DIR/<year>/<code>.xlsx."],
    run: async ({ patterns, values, lang, output }) => {
      const out = requiredOut("export", values);
      const [{ discover }, { printDiscoveryErrors, printSkipped }, { runExport }] = await Promise.all([
        import("../load/discover.js"),
        import("../report/console.js"),
        import("../commands/export.js"),
      ]);
      const found = await discover(patterns);
      printSkipped(output, found.skipped, lang);
      printDiscoveryErrors(output, found.errors, lang);
      const code = await runExport({
        files: found.files,
        outDir: out,
        force: values.force === true,
        lang,
        output,
      });
      return found.errors.length > 0 ? 1 : code;
    },
  },
  {
    name: "import",
    options: ["out", "force"],
    required: ["out"],
    operands: true,
    operandNames: { ja: "FILE.xlsx…", en: "FILE.xlsx…" },
    about: (lang) =>
      lang === "ja"
        ? [
            "入力済みのワークブック FILE.xlsx… を読み、シート DIR/<評価年度>/<コード>.json を作成します。",
            "既存のファイルは --force のときだけ、検証に通った後で置き換えます。",
          ]
        : [
            "reads filled-in workbooks FILE.xlsx… and writes the sheets DIR/<year>/<code>.json; an existing file",
            "is replaced only with --force, and only once the new one validates.",
          ],
    run: async ({ patterns, values, lang, output }) => {
      const out = requiredOut("import", values);
      const { DEFAULT_PATTERNS } = await import("../load/discover.js");
      if (patterns.length === DEFAULT_PATTERNS.length && patterns.every((p, i) => p === DEFAULT_PATTERNS[i]))
        throw new UsageError(
          {
            ja: "hyoka import には読むワークブックが必要です",
            en: "hyoka import needs the workbooks to read",
          },
          "import",
        );
      const { runImport } = await import("../commands/import.js");
      return runImport({ files: patterns, outDir: out, force: values.force === true, lang, output });
    },
  },
  {
    name: "extract",
    options: ["out", "force"],
    operands: true,
    operandNames: { ja: "FILE.pdf…", en: "FILE.pdf…" },
    about: (lang) =>
      lang === "ja"
        ? [
            "PDF FILE.pdf… に添付された元データ(シートの JSON)を DIR/<コード>.json に取り出します(既定は PDF と同じフォルダ)。",
            "既存のファイルは --force のときだけ置き換えます。",
          ]
        : [
            "writes the source data (the sheet's JSON) attached to each PDF FILE.pdf… to DIR/<code>.json (by default",
            "beside the PDF), byte for byte; an existing file is replaced only with --force.",
          ],
    run: async ({ patterns, values, lang, output }) => {
      const { DEFAULT_PATTERNS } = await import("../load/discover.js");
      if (patterns.length === DEFAULT_PATTERNS.length && patterns.every((p, i) => p === DEFAULT_PATTERNS[i]))
        throw new UsageError(
          { ja: "hyoka extract には読む PDF が必要です", en: "hyoka extract needs the PDFs to read" },
          "extract",
        );
      const { runExtract } = await import("../commands/extract.js");
      return runExtract({
        files: patterns,
        ...(typeof values.out === "string" ? { outDir: values.out } : {}),
        force: values.force === true,
        lang,
        output,
      });
    },
  },
  {
    name: "report merge",
    options: ["out"],
    operands: false,
    about: (lang) =>
      lang === "ja"
        ? [
            "分割ビルドの報告 DIR/report.shard-K-of-N.json をまとめて DIR/report.json を作成します(出力を集めた後に)。",
            "足りない分割や形式の合わない報告があれば、それを示して終了コード 1(まとめた報告は書きます)。",
          ]
        : [
            "merges a sharded build's reports DIR/report.shard-K-of-N.json into DIR/report.json (after gathering);",
            "a missing shard or a report of another format is named, exit 1 (the merged report is still written).",
          ],
    run: async ({ outDir, lang, output }) => {
      const { runReportMerge } = await import("../commands/report-merge.js");
      return runReportMerge({ outDir, lang, output });
    },
  },
];

/** `--out`, which the input-workbook commands need (it names a file or folder of the user's, not `out/`). */
function requiredOut(command: string, values: CommandContext["values"]): string {
  if (typeof values.out === "string") return values.out;
  throw new UsageError(
    { ja: `hyoka ${command} には --out が必要です`, en: `hyoka ${command} needs --out` },
    command,
  );
}

/** The command that `words` (the operands of the command line) start with, and the words it took. */
export function findCommand(words: readonly string[]): CommandSpec | undefined {
  let found: CommandSpec | undefined;
  for (const spec of COMMANDS) {
    const parts = spec.name.split(" ");
    if (parts.every((p, i) => words[i] === p) && (!found || parts.length > found.name.split(" ").length))
      found = spec;
  }
  return found;
}

/** Every option `spec` takes, `--help` and `--version` aside. */
export function optionsOf(spec: CommandSpec): OptionName[] {
  return [...spec.options, ...COMMON_OPTIONS];
}

/** `hyoka build`'s options, every one checked before a worker starts. */
async function buildOptions(
  context: CommandContext,
  command: "build" | "watch" = "build",
): Promise<BuildOptions> {
  const { values, patterns, outDir, lang, output } = context;
  const { parseShard } = await import("../pipeline/shard.js");
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
      command,
    );
  const cores = availableParallelism();
  const jobsMax = LIMITS.jobsMax();
  const memoryMax = LIMITS.memoryMax();
  const jobsText = text("jobs");
  const timeoutText = text("timeout");
  const memoryText = text("memory");
  const over = (ja: string, en: string): Localized => ({ ja, en });
  const options: BuildOptions = {
    patterns,
    outDir,
    lang,
    force: values.force === true,
    book: values.book === true,
    draft: values.draft === true,
    timeoutMs:
      (timeoutText === undefined
        ? 60
        : wholeNumber(
            "timeout",
            timeoutText,
            LIMITS.timeoutMin,
            LIMITS.timeoutMax,
            command,
            over(
              `--timeout は ${LIMITS.timeoutMax} 秒(1 日)までです: ${timeoutText}`,
              `--timeout must be at most ${LIMITS.timeoutMax} seconds (one day): ${timeoutText}`,
            ),
          )) * 1000,
    memoryMb:
      memoryText === undefined
        ? 512
        : wholeNumber(
            "memory",
            memoryText,
            LIMITS.memoryMin,
            memoryMax,
            command,
            over(
              `--memory は ${memoryMax} MB までです(16384 MB とこのマシンのメモリ ${Math.floor(totalmem() / 2 ** 20)} MB の小さい方): ${memoryText}`,
              `--memory must be at most ${memoryMax} MB (the lesser of 16384 MB and this machine's ${Math.floor(totalmem() / 2 ** 20)} MB): ${memoryText}`,
            ),
          ),
    output,
    ...(shard ? { shard } : {}),
  };
  if (jobsText !== undefined)
    options.jobs = wholeNumber(
      "jobs",
      jobsText,
      1,
      jobsMax,
      command,
      over(
        `--jobs は ${jobsMax} までです(CPU コア ${cores} 個の 4 倍まで、最大 32): ${jobsText}`,
        `--jobs must be at most ${jobsMax} (4 per CPU core, ${cores} cores here, and at most 32): ${jobsText}`,
      ),
    );
  return options;
}
