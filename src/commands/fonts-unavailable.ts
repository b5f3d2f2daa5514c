import type { Lang } from "../i18n.js";

/** The message for fonts that cannot be read: an environment fault, said plainly. */
export function fontsUnavailable(error: unknown, lang: Lang): string {
  const detail = error instanceof Error ? error.message : String(error);
  return lang === "ja"
    ? `フォントを読み込めません(fonts/fonts.json を確認してください): ${detail}`
    : `cannot read the fonts (check fonts/fonts.json): ${detail}`;
}
