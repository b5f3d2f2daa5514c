/** Font subsets written directly (subset-encode.ts) are, byte for byte, those fontkit's `encode` writes. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../scripts/gen-lib.js";
import { type FontkitFont, fontkit } from "../../src/render-pdf/engine/internals.js";
import { installSubsetCache } from "../../src/render-pdf/engine/subset-cache.js";
import {
  encodeSubsetDirectly,
  installSubsetEncoder,
  type TTFSubsetLike,
} from "../../src/render-pdf/engine/subset-encode.js";
import { loadFonts } from "../../src/render-pdf/fonts.js";

interface Font extends FontkitFont {
  numGlyphs: number;
  createSubset(): TTFSubsetLike;
  getGlyph(gid: number): { _decode(): { numberOfContours: number } | null };
}

const loaded = loadFonts();
const configured = new Map<Font, string>();
for (const family of loaded.families) {
  configured.set(family.normal.font as Font, `${family.name} normal`);
  configured.set(family.bold.font as Font, `${family.name} bold`);
}
// pdfmake's Roboto has what the configured fonts lack: short `loca` offsets and composite glyphs.
const robotoFile = createRequire(import.meta.url).resolve("pdfmake/fonts/Roboto/Roboto-Regular.ttf");
const roboto = fontkit.create(readFileSync(robotoFile)) as Font;
const fonts = [...configured].map(([font, name]): [string, Font] => [name, font]);
fonts.push(["Roboto", roboto]);

// fontkit's own methods, taken before hyoka patches the subset class (one class for every TrueType font).
const subsetClass = Object.getPrototypeOf(roboto.createSubset()) as TTFSubsetLike;
const fontkitEncode = subsetClass.encode;
const fontkitAddGlyph = subsetClass._addGlyph;
for (const [, font] of fonts) {
  installSubsetCache(font);
  installSubsetEncoder(font);
}

/** `count` glyph ids of `font`, in no order and with repeats, the same on every run. */
function randomGlyphs(font: Font, count: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => Math.floor(random() * font.numGlyphs));
}

function compositeGlyphs(font: Font): number[] {
  const ids: number[] = [];
  for (let gid = 0; gid < font.numGlyphs; gid++) {
    if ((font.getGlyph(gid)._decode()?.numberOfContours ?? 0) < 0) ids.push(gid);
  }
  return ids;
}

function subsetOf(font: Font, gids: number[]): TTFSubsetLike {
  const subset = font.createSubset() as TTFSubsetLike & { includeGlyph(gid: number): number };
  for (const gid of gids) subset.includeGlyph(gid);
  return subset;
}

/** fontkit untouched: its `encode`, and its `_addGlyph` rather than hyoka's cached one. */
function fontkitBytes(font: Font, gids: number[]): { bytes: Uint8Array; subset: TTFSubsetLike } {
  const subset = subsetOf(font, gids);
  subset._addGlyph = fontkitAddGlyph;
  return { bytes: fontkitEncode.call(subset), subset };
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

/** What `encode` leaves on the subset, to compare. */
function state(subset: TTFSubsetLike) {
  return {
    glyphs: subset.glyphs,
    offset: subset.offset,
    loca: subset.loca,
    hmtx: subset.hmtx,
    glyf: subset.glyf.map((g) => Array.from(g).join(",")),
  };
}

function expectSameAsFontkit(font: Font, gids: number[]): void {
  const expected = fontkitBytes(font, gids);
  const direct = subsetOf(font, gids);
  const bytes = encodeSubsetDirectly(direct);
  if (!bytes) throw new Error("the direct encoder declined the font");
  expect({ length: bytes.length, firstDifference: firstDifference(bytes, expected.bytes) }).toEqual({
    length: expected.bytes.length,
    firstDifference: -1,
  });
  expect(state(direct)).toEqual(state(expected.subset));
}

describe("direct subset encoding", () => {
  it("compares against fontkit's own methods, and is installed", () => {
    expect(fontkitEncode.name).toBe("encode");
    expect(fontkitAddGlyph.name).toBe("_addGlyph");
    expect(subsetClass.encode).not.toBe(fontkitEncode);
    expect(configured.size).toBe(4);
    expect(roboto.createSubset().font).toBe(roboto);
  });

  describe.each(fonts)("%s", (_name, font) => {
    const seed = font.numGlyphs;
    it("encodes glyph 0 alone", () => {
      expectSameAsFontkit(font, []);
    });

    it("encodes one glyph, and the last glyphs of the font", () => {
      expectSameAsFontkit(font, randomGlyphs(font, 1, seed));
      expectSameAsFontkit(font, [font.numGlyphs - 1, font.numGlyphs - 3, font.numGlyphs - 2]);
    });

    it.each([5, 40, 300, 1000, 3000])("encodes %i random glyphs", (count) => {
      expectSameAsFontkit(font, randomGlyphs(font, count, seed + count));
    });

    it("encodes the same subset through the installed encode", () => {
      const gids = randomGlyphs(font, 800, seed + 1);
      const expected = fontkitBytes(font, gids).bytes;
      const bytes = subsetOf(font, gids).encode();
      expect(firstDifference(bytes, expected)).toBe(-1);
    });
  });

  it("encodes composite glyphs, whose components join the subset", () => {
    const composites = compositeGlyphs(roboto);
    expect(composites.length).toBeGreaterThan(100);
    expectSameAsFontkit(roboto, composites.slice(0, 40));
    expectSameAsFontkit(roboto, composites);
    expectSameAsFontkit(
      roboto,
      Array.from({ length: roboto.numGlyphs }, (_, gid) => gid),
    );
  });

  it("leaves a font it does not handle to fontkit, the subset untouched", () => {
    const font = loaded.main.normal.font as Font;
    const variable = Object.create(font, { _variationProcessor: { value: {} } }) as Font;
    const subset = subsetOf(font, [1, 2, 3]);
    subset.font = variable as unknown as TTFSubsetLike["font"];
    expect(encodeSubsetDirectly(subset)).toBeUndefined();
    expect(subset.glyf).toBeUndefined();
    const oddLoca = Object.create(font, { loca: { value: { version: 2, offsets: [] } } }) as Font;
    subset.font = oddLoca as unknown as TTFSubsetLike["font"];
    expect(encodeSubsetDirectly(subset)).toBeUndefined();
  });
});
