/**
 * Progress while a build runs: a one-line bar on a terminal; plain lines in CI or when output is piped, so logs
 * stay readable.
 */
import type { Lang } from "../i18n.js";
import { showPath } from "./escape.js";
import { safeWrite } from "./streams.js";

export interface Progress {
  tick(label: string, failed: boolean): void;
  done(): void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "--";
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

export function createProgress(
  total: number,
  lang: Lang,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = performance.now();
  let count = 0;
  const interactive = Boolean(stream.isTTY) && process.env.CI !== "true" && process.env.CI !== "1";
  const step = Math.max(1, Math.floor(total / 20));
  const line = () => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = count / Math.max(elapsed, 1e-3);
    const eta = (total - count) / Math.max(rate, 1e-9);
    const width = 24;
    const filled = Math.round((count / Math.max(total, 1)) * width);
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    const etaLabel = lang === "ja" ? "残り" : "ETA";
    return { bar, rate, eta: formatSeconds(eta), etaLabel };
  };
  return {
    tick(label, failed) {
      count++;
      const { bar, rate, eta, etaLabel } = line();
      if (interactive) {
        safeWrite(stream, `\r${bar} ${count}/${total} ${rate.toFixed(1)}/s ${etaLabel} ${eta} `);
      } else if (failed || count === total || count % step === 0) {
        const mark = failed ? (lang === "ja" ? "失敗" : "FAILED") : "";
        safeWrite(
          stream,
          `${`[${count}/${total}] ${rate.toFixed(1)}/s ${etaLabel} ${eta} ${showPath(label)} ${mark}`.trimEnd()}\n`,
        );
      }
    },
    done() {
      if (interactive) safeWrite(stream, "\n");
    },
  };
}
