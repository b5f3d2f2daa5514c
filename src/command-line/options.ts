/**
 * The options hyoka knows, their bounds, and the usage error. Which command takes which option is said in
 * ./commands.ts; how the command line is read, in src/main.ts.
 */
import { availableParallelism, totalmem } from "node:os";
import type { Lang, Localized } from "../i18n.js";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's name in messages and the usage (`--out DIR`); none for a switch. */
  value?: Localized;
}

const same = (text: string): Localized => ({ ja: text, en: text });

/** Every option of every command. A new option is one line here and its name in its commands' rows. */
export const OPTIONS = {
  out: { type: "string", value: same("DIR") },
  jobs: { type: "string", short: "j", value: same("N") },
  force: { type: "boolean" },
  book: { type: "boolean" },
  draft: { type: "boolean" },
  shard: { type: "string", value: same("i/n") },
  timeout: { type: "string", value: { ja: "秒", en: "S" } },
  memory: { type: "string", value: same("MB") },
  lang: { type: "string", value: same("ja|en") },
  form: { type: "string", value: { ja: "様式", en: "ID" } },
  year: { type: "string", value: { ja: "年度", en: "Y" } },
  code: { type: "string", value: { ja: "コード", en: "C" } },
  data: { type: "string", value: same("DIR") },
  port: { type: "string", value: same("N") },
  quiet: { type: "boolean", short: "q" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** What every command takes besides its own options, in the order the usage lists them. */
export const COMMON_OPTIONS = ["lang", "quiet", "json"] as const satisfies readonly OptionName[];

/** Taken anywhere, by every command and without one; they print and do nothing else. */
export const INFO_OPTIONS = ["help", "version"] as const satisfies readonly OptionName[];

/** The options as node:util parseArgs takes them. */
export function parseArgsOptions(): Record<string, { type: "string" | "boolean"; short?: string }> {
  return Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]: [string, OptionSpec]) => [
      name,
      spec.short ? { type: spec.type, short: spec.short } : { type: spec.type },
    ]),
  );
}

/** `--jobs/-j`: the option as messages name it, its short form included. */
export function optionLabel(name: OptionName): string {
  const spec: OptionSpec = OPTIONS[name];
  return spec.short ? `--${name}/-${spec.short}` : `--${name}`;
}

/** `--out DIR`: an example of the option with its value (the value's name as in English messages). */
export function optionExample(name: OptionName, raw = `--${name}`): string {
  const spec: OptionSpec = OPTIONS[name];
  return spec.value ? `${raw} ${spec.value.en}` : raw;
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

/** A mistake on the command line: exit 2, the message and the usage, no work done. */
export class UsageError extends Error {
  constructor(
    readonly text: Localized,
    /** The command whose usage follows the message; the whole usage when undefined. */
    readonly command?: string,
  ) {
    super(text.ja);
  }
}

/**
 * A whole number option: digits only, no sign, no leading zero, no decimal point or exponent, no spaces;
 * then within [min, max].
 */
export function wholeNumber(
  name: OptionName,
  text: string,
  min: number,
  max: number,
  command: string,
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

export function parseLang(value: string | true | undefined): Lang {
  if (value === undefined) return "ja";
  if (value === "ja" || value === "en") return value;
  throw new UsageError({
    ja: `--lang は ja か en です: ${String(value)}`,
    en: `--lang is ja or en: ${String(value)}`,
  });
}
