import type { Lang } from "../i18n.js";
import type { GlyphChecker } from "../pipeline/stages.js";
import { createGlyphChecker } from "../render-pdf/glyphs.js";
import type { Output } from "../report/console.js";
import { sayFontsUnreadable } from "./fonts-unreadable.js";

/**
 * The glyph check for a command that checks sheets without rendering them, or, when the fonts cannot be read (an
 * environment fault), undefined after saying so plainly.
 */
export async function openGlyphChecker(output: Output, lang: Lang): Promise<GlyphChecker | undefined> {
  try {
    return await createGlyphChecker();
  } catch (error) {
    sayFontsUnreadable(output, lang, error);
    return undefined;
  }
}
