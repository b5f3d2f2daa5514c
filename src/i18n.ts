/** Messages to staff are Japanese first; English on request (`--lang en`). */
export type Lang = "ja" | "en";
export const LANGS: readonly Lang[] = ["ja", "en"];

export interface Localized {
  ja: string;
  en: string;
}

export function pick(lang: Lang, text: Localized): string {
  return text[lang];
}
