/**
 * hyoka: sheets as JSON in, print-ready PDF and Excel out.
 *
 * Steps (each a module with one job; data flows one way):
 *   load      src/load/       glob (safe, sorted), read, parse JSON with positions
 *   validate  src/validate/   the form's zod schema → diagnostics with file:line:col and form labels
 *   model     templates/<form>/model.ts   derived values (era years, ratios), pure
 *   render    src/render-pdf/, src/render-xlsx/   layouts from templates/<form>/
 *   write     src/write/      atomic: temp file, checked, renamed
 *   report    src/report/     terminal text, --json lines, report.json
 * `hyoka build` runs the per-sheet steps in worker threads (src/pipeline/).
 *
 * The commands are rows of a table (src/command-line/commands.ts); each command's module is loaded when that
 * command runs, not up front: `book` alone pulls pdfmake, pdfkit and the fonts into the main thread (about
 * 0.17 s of CPU and 20 MB at the start of every `hyoka build`).
 *
 * The command line is read here, all of it, before any work, with node:util parseArgs in its tokens mode, which
 * tells `--out=x` from `--out x`, `-j` from `--jobs`, and each occurrence of an option: each command takes only
 * its own options, each at most once and never empty, and every number within its bounds; anything else is a
 * usage error (exit 2) that names the command and the options it takes, in Japanese or, with `--lang en`,
 * English. (commander 15 needs Node 22; commander 14 takes `--out --force` as the folder `--force` and keeps the
 * last of a repeated option; cac 7 and citty read `--jobs 1e3` as 1000 and repeats as lists; all speak English.)
 */
import { parseArgs } from "node:util";
import { COMMANDS, type CommandSpec, findCommand, optionsOf } from "./command-line/commands.js";
import {
  INFO_OPTIONS,
  OPTIONS,
  type OptionName,
  type OptionSpec,
  optionExample,
  optionLabel,
  parseArgsOptions,
  parseLang,
  UsageError,
} from "./command-line/options.js";
import { usage } from "./command-line/usage.js";
import type { Lang } from "./i18n.js";
import { DEFAULT_PATTERNS } from "./load/discover.js";
import { consoleOutput, type Output, quietOutput } from "./report/console.js";
import { createJsonOutput, type JsonOutput } from "./report/json-lines.js";
import { setStreamLang, writeStderr, writeStdout } from "./report/streams.js";
import { HYOKA_VERSION } from "./version.js";

export { COMMANDS } from "./command-line/commands.js";
export { LIMITS } from "./command-line/options.js";

let currentLang: Lang = "ja";
let currentJson: JsonOutput | undefined;
let currentCommand: string | null = null;

/** The language of the messages: Japanese until the command line has said otherwise. */
export function commandLang(): Lang {
  return currentLang;
}

/**
 * With `--json`, the result line of a command that ended by a failure no command handled (src/cli.ts), so that
 * a reader of standard output always gets one.
 */
export function finishJsonAfterFailure(exitCode: number, message: string): void {
  currentJson?.finish(currentCommand, exitCode, message);
}

function setLang(lang: Lang): void {
  currentLang = lang;
  setStreamLang(lang);
}

/**
 * `--lang en` or `--lang=en` anywhere before `--`, read before the rest: a usage error elsewhere on the command
 * line is then said in English too. `--json` likewise, so that a usage error still ends with a result line.
 */
function scan(argv: readonly string[]): { lang: Lang; json: boolean } {
  let lang: Lang | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    if (a === "--json") json = true;
    const value =
      a === "--lang" ? argv[i + 1] : a?.startsWith("--lang=") ? a.slice("--lang=".length) : undefined;
    if (lang === undefined && (value === "en" || value === "ja")) lang = value;
  }
  return { lang: lang ?? "ja", json };
}

/** "--lang" or "--out, --lang": what a command takes (`--help`, `--version` left out: all take them). */
function takes(command: CommandSpec): string {
  return optionsOf(command).map(optionLabel).join(", ");
}

interface CommandLine {
  info: "help" | "version" | undefined;
  command: CommandSpec | undefined;
  values: Partial<Record<OptionName, string | true>>;
  patterns: string[];
}

/** Reads the command line; a usage error throws UsageError. */
function readCommandLine(argv: string[]): CommandLine {
  const { tokens } = parseArgs({
    args: argv,
    options: parseArgsOptions(),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals = tokens.flatMap((t) => (t.kind === "positional" ? [t.value] : []));
  const command = findCommand(positionals);
  const patterns = positionals.slice(command ? command.name.split(" ").length : 1);
  const name = command?.name;
  const values: CommandLine["values"] = {};
  let info: CommandLine["info"];
  let problem: UsageError | undefined;
  const fail = (ja: string, en: string) => {
    problem ??= new UsageError({ ja, en }, name);
  };
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const raw = t.rawName;
    if (!Object.hasOwn(OPTIONS, t.name)) {
      const hint = command
        ? {
            ja: `(hyoka ${name} で使えるオプション: ${takes(command)})`,
            en: ` (hyoka ${name} takes: ${takes(command)})`,
          }
        : { ja: "", en: "" };
      fail(`不明なオプション: ${raw}${hint.ja}`, `unknown option: ${raw}${hint.en}`);
      continue;
    }
    const option = t.name as OptionName;
    if ((INFO_OPTIONS as readonly string[]).includes(option)) {
      // --help wins over --version, and both over any mistake: asking how to use hyoka is never an error.
      info = info === "help" ? "help" : (option as "help" | "version");
      continue;
    }
    if (command && !optionsOf(command).includes(option)) {
      fail(
        `hyoka ${name} は ${raw} を受け付けません(使えるオプション: ${takes(command)})`,
        `hyoka ${name} does not take ${raw} (it takes: ${takes(command)})`,
      );
      continue;
    }
    if (values[option] !== undefined) {
      fail(
        `${optionLabel(option)} が 2 回以上指定されています(1 回だけ指定してください)`,
        `${optionLabel(option)} is given more than once (give it once)`,
      );
      continue;
    }
    const spec: OptionSpec = OPTIONS[option];
    if (spec.type === "boolean") {
      if (t.value !== undefined)
        fail(`${raw} は値をとりません: ${raw}=${t.value}`, `${raw} takes no value: ${raw}=${t.value}`);
      values[option] = true;
      continue;
    }
    const example = optionExample(option, raw);
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
    values[option] = t.value;
  }
  if (patterns.some((p) => p.trim() === ""))
    fail("空のファイル名やパターンは使えません", "an empty file name or pattern is not allowed");
  if (command && !command.operands && patterns.length > 0)
    fail(
      `hyoka ${name} はファイルやパターンをとりません: ${patterns.join(" ")}`,
      `hyoka ${name} takes no files or patterns: ${patterns.join(" ")}`,
    );
  if (info) return { info, command, values, patterns };
  if (problem) throw problem;
  if (!command) {
    const first = positionals[0];
    if (first === undefined)
      throw new UsageError({ ja: "コマンドを指定してください", en: "no command given" });
    // A group's word (`report`) is named with the word after it: the group alone is no command.
    const group = COMMANDS.some((c) => c.name.startsWith(`${first} `));
    const typed = group ? positionals.slice(0, 2).join(" ") : first;
    const known = COMMANDS.map((c) => c.name).join(", ");
    throw new UsageError({
      ja: `不明なコマンド: ${typed}(コマンド: ${known})`,
      en: `unknown command: ${typed} (commands: ${known})`,
    });
  }
  return { info, command, values, patterns };
}

function printUsageError(error: UsageError, lang: Lang): void {
  const more = lang === "ja" ? "詳しくは hyoka --help を見てください" : "hyoka --help says more";
  const command = COMMANDS.find((c) => c.name === error.command);
  writeStderr(`hyoka: ${error.text[lang]}\n\n${usage(lang, command)}\n${command ? `\n${more}\n` : ""}`);
}

/** What the command says, and where: the terminal, `--quiet` (problems only) or `--json` lines. */
function outputFor(values: CommandLine["values"]): Output {
  const quiet = values.quiet === true;
  if (values.json === true) {
    currentJson = createJsonOutput({ quiet });
    return currentJson;
  }
  return quiet ? quietOutput : consoleOutput;
}

export async function main(argv: string[]): Promise<number> {
  const scanned = scan(argv);
  setLang(scanned.lang);
  if (scanned.json) currentJson = createJsonOutput({ quiet: true });
  let line: CommandLine;
  try {
    line = readCommandLine(argv);
    if (!line.info) setLang(parseLang(line.values.lang));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printUsageError(error, currentLang);
    currentJson?.finish(error.command ?? null, 2, error.text[currentLang]);
    return 2;
  }
  const lang = currentLang;
  if (line.info === "version") {
    writeStdout(`hyoka ${HYOKA_VERSION}\n`);
    return 0;
  }
  if (line.info === "help" || !line.command) {
    writeStdout(`${usage(lang, line.command)}\n`);
    return 0;
  }
  const { command, values } = line;
  currentCommand = command.name;
  const output = outputFor(values);
  if (command.rendersPdf) {
    // Once, on the main thread, before any worker or output: not a failure of every sheet, nor a hyoka bug.
    const { checkEngineAtStartup } = await import("./render-pdf/engine/startup.js");
    const fault = checkEngineAtStartup();
    if (fault) {
      writeStderr(`hyoka: ${fault.text[lang]}\n`);
      currentJson?.finish(command.name, fault.exitCode, fault.text[lang]);
      return fault.exitCode;
    }
  }
  try {
    const code = await command.run({
      patterns: line.patterns.length > 0 ? line.patterns : DEFAULT_PATTERNS,
      outDir: typeof values.out === "string" ? values.out : "out",
      lang,
      output,
      values,
    });
    currentJson?.finish(command.name, code);
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      printUsageError(error, lang);
      currentJson?.finish(command.name, 2, error.text[lang]);
      return 2;
    }
    throw error;
  }
}
