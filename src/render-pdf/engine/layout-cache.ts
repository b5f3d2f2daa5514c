/**
 * Shaped words shared across documents. pdfkit shapes every distinct word of a document with fontkit and caches
 * the result on the document's font object (`EmbeddedFont.layoutCache`), so each new document shapes the same
 * words again: about a third of a sheet's layout time. The fonts are shared by the whole process (fonts.ts), and
 * a cached run depends only on the font and the word (pdfkit scales it by the font's own units, and within one
 * document it already hands the same cached run to every use of the word), so hyoka gives every document's
 * font object one cache per parsed font.
 *
 * Why a patch of pdfmake's `PDFDocument.prototype.provideFont`: it is where pdfmake obtains pdfkit's font object
 * for a family and style, once per document; pdfkit creates that object in a module-private factory.
 */
import { pdfmakeInternal } from "./internals.js";

/** Entries kept per font before the cache starts afresh: a few MB at most. */
const MAX_ENTRIES = 50_000;

const SHARED = Symbol("hyoka.sharedCache");

interface EmbeddedFontLike {
  font?: object;
  layoutCache?: Record<string, unknown>;
  [SHARED]?: true;
}

/** Documents between two counts of a cache's size. */
const COUNT_EVERY = 32;

interface SharedCache {
  entries: Record<string, unknown>;
  documents: number;
}

const caches = new WeakMap<object, SharedCache>();

/**
 * The font's shared cache, started afresh once it holds more than MAX_ENTRIES words. pdfkit adds to it by plain
 * assignment, so its size is only known by counting: done every COUNT_EVERY documents, not for every document
 * (`Object.keys` of every word in the cache, per document and font, was 0.35 ms a sheet in a profile).
 */
function sharedCache(font: object): Record<string, unknown> {
  let cache = caches.get(font);
  if (cache && ++cache.documents % COUNT_EVERY === 0 && Object.keys(cache.entries).length > MAX_ENTRIES) {
    cache = undefined;
  }
  if (!cache) {
    cache = { entries: Object.create(null) as Record<string, unknown>, documents: 0 };
    caches.set(font, cache);
  }
  return cache.entries;
}

const INSTALLED = Symbol.for("hyoka.sharedLayoutCache");

export function installSharedLayoutCache(): void {
  const PdfmakeDocument = (pdfmakeInternal("PDFDocument") as { default: { prototype: object } }).default;
  const proto = PdfmakeDocument.prototype as {
    provideFont(this: unknown, family: string, bold: boolean, italics: boolean): EmbeddedFontLike;
    [INSTALLED]?: true;
  };
  if (proto[INSTALLED]) return;
  const original = proto.provideFont;
  proto.provideFont = function provideFont(family, bold, italics) {
    const embedded = original.call(this, family, bold, italics);
    // pdfmake asks for the font once per word; the cache is swapped once per document and font. Only pdfkit's
    // embedded fonts carry a layout cache (the standard 14 fonts do not).
    if (embedded.font && embedded.layoutCache && !embedded[SHARED]) {
      embedded.layoutCache = sharedCache(embedded.font);
      embedded[SHARED] = true;
    }
    return embedded;
  };
  proto[INSTALLED] = true;
}
