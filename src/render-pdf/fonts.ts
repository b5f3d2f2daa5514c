/**
 * Fonts: the configuration in fonts/fonts.json, read and parsed once per process.
 *
 * Why a token instead of the font bytes: pdfkit opens a font for every document it writes
 * (`PDFFontFactory.open` → `fontkit.create(buffer)`), which costs 10–100 ms a font for these 4–5 MB CJK fonts.
 * fontkit's `create` export is a non-configurable getter, so it cannot be wrapped; but `fontkit.registerFormat`
 * is public and `create` asks each registered format whether it recognises the bytes. hyoka hands pdfmake a
 * 16-byte token per font file (`hyoka-font:` + index) that no real format accepts, and registers a format that
 * recognises the token and returns the font parsed once at start-up. pdfkit then builds its per-document
 * subset from that shared, already parsed font. The token also keeps pdfmake's virtual file system small.
 */
import { readFileSync, realpathSync } from "node:fs";
import { type FontkitFont, fontkit } from "./engine/internals.js";
import {
  DEFAULT_FONTS_CONFIG,
  type FontFamilyConfig,
  type FontFiles,
  readFontsConfig,
  resolveFontPath,
} from "./font-config.js";

export { DEFAULT_FONTS_CONFIG, type FontFiles, resolveFontPath } from "./font-config.js";

export type FontStyle = "normal" | "bold";

export interface LoadedFace {
  /** The real path of the file. */
  file: string;
  font: FontkitFont;
  /** What pdfmake is given in place of the file: recognised by hyoka's fontkit format. */
  token: Uint8Array;
}

export interface LoadedFamily {
  id: string;
  name: string;
  normal: LoadedFace;
  bold: LoadedFace;
}

export interface LoadedFonts {
  /** Main family first, then the fallbacks in order. */
  families: LoadedFamily[];
  main: LoadedFamily;
  configFile: string;
}

const TOKEN_PREFIX = "hyoka-font:";
const TOKEN_LENGTH = 16;
const parsedByToken = new Map<string, FontkitFont>();
let formatRegistered = false;

function tokenKey(bytes: Uint8Array): string | undefined {
  if (bytes.length !== TOKEN_LENGTH) return undefined;
  const key = String.fromCharCode(...bytes);
  return key.startsWith(TOKEN_PREFIX) ? key : undefined;
}

/** A fontkit "format" whose files are hyoka's tokens; constructing it returns the font parsed at start-up. */
class ParsedFontReference {
  static probe(buffer: Uint8Array): boolean {
    const key = tokenKey(buffer);
    return key !== undefined && parsedByToken.has(key);
  }

  constructor(stream: unknown) {
    const bytes = (stream as { buffer: Uint8Array }).buffer;
    const font = parsedByToken.get(tokenKey(bytes) ?? "");
    if (!font) throw new Error("hyoka: unknown font token");
    // A constructor may return another object: fontkit's `create` then hands pdfkit the shared parsed font.
    // biome-ignore lint/correctness/noConstructorReturn: that is the point of this class (see the file comment).
    return font as unknown as ParsedFontReference;
  }
}

let tokenCounter = 0;
const faceByFile = new Map<string, LoadedFace>();

function loadFace(real: string, files: FontFiles | undefined): LoadedFace {
  const known = faceByFile.get(real);
  if (known) return known;
  if (!formatRegistered) {
    fontkit.registerFormat(ParsedFontReference);
    formatRegistered = true;
  }
  const shared = files?.[real];
  const font = fontkit.create(shared ? Buffer.from(shared) : readFileSync(real));
  const key = `${TOKEN_PREFIX}${String(tokenCounter++).padStart(TOKEN_LENGTH - TOKEN_PREFIX.length, "0")}`;
  parsedByToken.set(key, font);
  const token = Uint8Array.from(key, (c) => c.charCodeAt(0));
  const face = { file: real, font, token };
  faceByFile.set(real, face);
  return face;
}

/**
 * A fallback font keeps its glyphs but takes the main font's ascent, descent and line gap (scaled to its own
 * units), so a line holding one fallback character has the same height and baseline as its neighbours.
 * The fonts are shared by every document of the process, so this is done once, on the parsed font object.
 */
function adoptLineMetrics(target: FontkitFont, main: FontkitFont): void {
  const scale = target.unitsPerEm / main.unitsPerEm;
  for (const key of ["ascent", "descent", "lineGap"] as const) {
    Object.defineProperty(target, key, { value: main[key] * scale, configurable: true });
  }
}

const loadedByConfig = new Map<string, LoadedFonts>();

/**
 * Reads and parses the configured fonts; the same configuration file is loaded once per process. `files`: the
 * bytes of some of them, already read (see {@link readFontFiles}).
 */
export function loadFonts(configFile: string = DEFAULT_FONTS_CONFIG, files?: FontFiles): LoadedFonts {
  const configReal = realpathSync(configFile);
  const cached = loadedByConfig.get(configReal);
  if (cached) return cached;
  const config = readFontsConfig(configReal);
  const ids = [config.main, ...(config.fallbacks ?? [])];
  const families = ids.map((id): LoadedFamily => {
    const fam = config.families[id] as FontFamilyConfig;
    const normal = loadFace(resolveFontPath(fam.normal), files);
    // There is no synthetic bold in pdfkit: a family without a bold file uses its regular face for bold.
    const bold = fam.bold ? loadFace(resolveFontPath(fam.bold), files) : normal;
    return { id, name: fam.name ?? id, normal, bold };
  });
  const main = families[0] as LoadedFamily;
  for (const fallback of families.slice(1)) {
    for (const style of ["normal", "bold"] as const) {
      if (fallback[style].font !== main[style].font) adoptLineMetrics(fallback[style].font, main[style].font);
    }
  }
  const loaded = { families, main, configFile: configReal };
  loadedByConfig.set(configReal, loaded);
  return loaded;
}
