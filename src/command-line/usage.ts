/** The usage text, made from the table of commands (./commands.ts): all of it, or one command's. */
import type { Lang } from "../i18n.js";
import { COMMANDS, type CommandSpec } from "./commands.js";
import { OPTIONS, type OptionName, type OptionSpec } from "./options.js";

const HEADER: Record<Lang, string> = { ja: "使い方 / usage:", en: "usage:" };

function synopsis(spec: CommandSpec, lang: Lang): string {
  const operands = !spec.operands
    ? []
    : [spec.operandNames?.[lang] ?? (lang === "ja" ? "[ファイルやパターン…]" : "[files or globs…]")];
  const options = spec.options.map((name: OptionName) => {
    const o: OptionSpec = OPTIONS[name];
    const value = spec.valueNames?.[name] ?? o.value;
    const option = value ? `--${name} ${value[lang]}` : `--${name}`;
    return spec.required?.includes(name) ? option : `[${option}]`;
  });
  return ["  hyoka", spec.name, ...operands, ...options].join(" ");
}

function commandBlock(spec: CommandSpec, lang: Lang): string[] {
  return [synopsis(spec, lang), ...spec.about(lang).map((line) => `      ${line}`)];
}

const FOOTER: Record<Lang, string[]> = {
  ja: [
    "すべてのコマンドで使えるオプション:",
    "  --lang ja|en     メッセージの言語(既定は日本語)",
    "  --quiet, -q      問題だけを表示します(進捗や成功の行を出しません)",
    "  --json           標準出力に 1 行 1 件の JSON を出します(診断ごとに 1 件、最後に結果)",
    "  --help, -h       この説明を表示します(hyoka <コマンド> --help はそのコマンドの説明)",
    "  --version, -V    バージョンを表示します",
    "",
    "  既定のパターンは data/**/*.json、既定の出力先は out/。-- の後ろはすべてパターンです。",
    "  各オプションは 1 回だけ、数値は符号や小数点のない整数で指定します。",
    "",
    "終了コード / exit codes: 0 すべて成功, 1 失敗したシートあり, 2 使い方の誤り, 70 内部エラー, 130 中断",
  ],
  en: [
    "options of every command:",
    "  --lang ja|en     the language of the messages (Japanese by default)",
    "  --quiet, -q      problems only (no progress, no lines for what went well)",
    "  --json           one JSON object per line on standard output (one per diagnostic, then the result)",
    "  --help, -h       prints this text (hyoka <command> --help: that command's)",
    "  --version, -V    prints the version",
    "",
    "  Default patterns: data/**/*.json; default output folder: out/. Everything after -- is a pattern.",
    "  Each option at most once; numbers are plain whole numbers (no sign, decimal point or exponent).",
    "",
    "exit codes: 0 all done, 1 any sheet failed, 2 usage error, 70 internal error, 130 interrupted",
  ],
};

/** The whole usage, or only `command`'s with the options every command takes. */
export function usage(lang: Lang, command?: CommandSpec): string {
  const blocks = command ? [command] : COMMANDS;
  return [HEADER[lang], ...blocks.flatMap((spec) => commandBlock(spec, lang)), "", ...FOOTER[lang]].join(
    "\n",
  );
}
