/**
 * What a command says when the configured fonts cannot be read (an environment fault, not the data's): one
 * line naming fonts/fonts.json, no stack trace. Shared by the commands that read the fonts for their workers and
 * those that only check glyphs; it loads nothing itself, so the build's start-up stays light.
 */
import type { Lang } from "../i18n.js";
import type { Output } from "../report/console.js";

export function sayFontsUnreadable(output: Output, lang: Lang, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  output.err(
    lang === "ja"
      ? `フォントを読み込めません(fonts/fonts.json を確認してください): ${detail}`
      : `cannot read the fonts (check fonts/fonts.json): ${detail}`,
  );
}
