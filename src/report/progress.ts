/**
 * Progress while a build runs: a one-line bar on a terminal; plain lines in CI or when output is piped, so logs
 * stay readable; nothing with `--quiet`.
 *
 * The bar is the terminal's last line, drawn without a line end. Any other line written to that terminal
 * (a warning, an error, a result on stdout) would be appended to the bar's text, so every such line goes
 * through {@link LiveLine}: it erases the bar, writes the line, and draws the bar again below it. The bar is
 * cut to the terminal's width, since a bar that wraps leaves its first row behind when it is erased.
 *
 * Hand-written rather than a library (cli-progress, log-update, ora): what is needed is one line, erased and
 * redrawn around log lines written by hyoka's own guarded writers (src/report/streams.ts), which those
 * libraries do not route through; the whole of it is the class below.
 */
import type { Lang } from "../i18n.js";
import { showPath } from "./escape.js";
import { safeWrite } from "./streams.js";

export interface Progress {
  tick(label: string, failed: boolean): void;
  done(): void;
}

/** Carriage return, then erase the whole line (ECMA-48 EL 2). */
export const ERASE_LINE = "\r\u001b[2K";

type TerminalStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The columns `text` takes on a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** `text` cut to at most `columns` terminal columns. */
export function fitColumns(text: string, columns: number): string {
  let width = 0;
  let out = "";
  for (const ch of text) {
    width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (width > columns) break;
    out += ch;
  }
  return out;
}

/** The bottom line of a terminal that other lines are written above. */
export class LiveLine {
  /** The text on screen now, undefined when nothing is drawn. */
  private drawn: string | undefined;

  constructor(private readonly stream: TerminalStream) {}

  /** Replaces the bottom line with `text`, cut to the terminal's width (one column spare: no auto-wrap). */
  draw(text: string): void {
    // A pseudo-terminal may report 0 columns: unknown, taken as 80.
    const fitted = fitColumns(text, Math.max(10, (this.stream.columns || 80) - 1));
    this.drawn = fitted;
    safeWrite(this.stream, `${ERASE_LINE}${fitted}`);
  }

  /** A line (or lines) above the bottom line: one write, so nothing else can land between its parts. */
  log(text: string): void {
    if (this.drawn === undefined) safeWrite(this.stream, `${text}\n`);
    else safeWrite(this.stream, `${ERASE_LINE}${text}\n${this.drawn}`);
  }

  /** Runs `write` (a write to another stream on the same terminal) with the bottom line erased meanwhile. */
  around(write: () => void): void {
    if (this.drawn === undefined) {
      write();
      return;
    }
    safeWrite(this.stream, ERASE_LINE);
    write();
    safeWrite(this.stream, this.drawn);
  }

  /** Erases the bottom line for good. */
  clear(): void {
    if (this.drawn === undefined) return;
    this.drawn = undefined;
    safeWrite(this.stream, ERASE_LINE);
  }
}

const liveLines = new WeakMap<object, LiveLine>();

/** The one LiveLine of `stream` (process.stderr by default), shared by the progress bar and the log lines. */
export function liveLine(stream: TerminalStream = process.stderr): LiveLine {
  let line = liveLines.get(stream);
  if (!line) {
    line = new LiveLine(stream);
    liveLines.set(stream, line);
  }
  return line;
}

/** Whether a bar may be drawn on `stream`: a terminal, not in CI (`CI=true` or `1`), not `TERM=dumb`. */
export function isInteractive(stream: TerminalStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && env.CI !== "true" && env.CI !== "1" && env.TERM !== "dumb";
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "--";
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

export interface ProgressOptions {
  /** Where it goes (default: standard error). */
  stream?: TerminalStream;
  /** false: no progress at all (`--quiet`). */
  enabled?: boolean;
  env?: NodeJS.ProcessEnv;
}

const NO_PROGRESS: Progress = { tick() {}, done() {} };

export function createProgress(total: number, lang: Lang, options: ProgressOptions = {}): Progress {
  if (options.enabled === false) return NO_PROGRESS;
  const stream = options.stream ?? process.stderr;
  const started = performance.now();
  let count = 0;
  const interactive = isInteractive(stream, options.env);
  const live = liveLine(stream);
  const step = Math.max(1, Math.floor(total / 20));
  const line = () => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = count / Math.max(elapsed, 1e-3);
    const eta = (total - count) / Math.max(rate, 1e-9);
    const width = 24;
    const filled = Math.round((count / Math.max(total, 1)) * width);
    // ASCII: the block characters (█ ░) are of ambiguous width, two columns on many Japanese terminals, which
    // would make the bar wider than measured and wrap.
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    const etaLabel = lang === "ja" ? "残り" : "ETA";
    return { bar, rate, eta: formatSeconds(eta), etaLabel };
  };
  return {
    tick(label, failed) {
      count++;
      const { bar, rate, eta, etaLabel } = line();
      if (interactive) {
        live.draw(`${bar} ${count}/${total} ${rate.toFixed(1)}/s ${etaLabel} ${eta}`);
      } else if (failed || count === total || count % step === 0) {
        const mark = failed ? (lang === "ja" ? "失敗" : "FAILED") : "";
        safeWrite(
          stream,
          `${`[${count}/${total}] ${rate.toFixed(1)}/s ${etaLabel} ${eta} ${showPath(label)} ${mark}`.trimEnd()}\n`,
        );
      }
    },
    done() {
      // The bar goes: the command's own last lines say how it ended.
      if (interactive) live.clear();
    },
  };
}
