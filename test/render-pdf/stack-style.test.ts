/** Styles kept per stack (stack-style.ts) give what pdfmake's lookups give, whatever the stack. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pdfmakeInternal } from "../../src/render-pdf/engine/internals.js";
import { resolveStyle, stackStyle } from "../../src/render-pdf/engine/stack-style.js";
import type { GetStyleProperty, TextInlinesLike } from "../../src/render-pdf/engine/text-measure.js";

const StyleContextStack = (
  pdfmakeInternal("StyleContextStack") as {
    default: (new (
      dictionary: object,
      defaultStyle?: object,
    ) => {
      styleOverrides: unknown[];
      styleDictionary: object;
      defaultStyle?: unknown;
      push(e: unknown): void;
    }) & {
      getStyleProperty: GetStyleProperty;
    };
  }
).default;
const get: GetStyleProperty = (item, s, property, fallback) =>
  StyleContextStack.getStyleProperty(item, s, property, fallback);

/** A document whose fonts are tagged with it, so a font from another document shows. */
function documentMeasurer(tag: string): TextInlinesLike {
  return {
    pdfDocument: { provideFont: (family, bold, italics) => ({ tag, family, bold, italics }) as never },
    widthOfText: () => 0,
  };
}

const DICTIONARY = {
  cell: { fontSize: 8, alignment: "center" },
  label: { bold: true, extends: "cell" },
  wide: { characterSpacing: 1, extends: ["label", "cell"] },
  nulls: { fontSize: null, color: undefined },
  numbered: { fontSize: "8" },
};

const entry = fc.oneof(
  fc.constantFrom("cell", "label", "wide", "nulls", "numbered", "missing"),
  fc.constant(new String("label")),
  fc.record(
    {
      fontSize: fc.constantFrom(7.5, 8, "8", null, undefined),
      alignment: fc.constantFrom("left", "right", null),
      bold: fc.boolean(),
      // Values other properties take too: a key must tell the property apart as well as the value.
      sup: fc.boolean(),
      lineHeight: fc.constantFrom(8, 1, null),
      color: fc.constantFrom("8", "right", null),
      text: fc.constant("本文"),
      _margin: fc.constant([0, 0, 0, 0]),
      fontFeatures: fc.constant(["palt"]),
      link: fc.constantFrom("https://example.jp", null),
    },
    { requiredKeys: [] },
  ),
);

describe("stackStyle", () => {
  it("answers as pdfmake's lookups do, for any stack, in any document", () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 7 }),
        fc.constantFrom({ font: "Main", fontSize: 9 }, { font: "Main" }, { lineHeight: [1] }, undefined),
        fc.constantFrom("a", "b"),
        (entries, defaults, tag) => {
          const stack = new StyleContextStack(DICTIONARY, defaults);
          for (const e of entries) stack.push(e);
          const measurer = documentMeasurer(tag);
          const answers = stackStyle(measurer, get, stack);
          expect(answers.style).toEqual(resolveStyle(measurer, get, {}, stack as never));
          expect(answers.wordBreak).toEqual(get({}, stack as never, "wordBreak", "normal"));
          expect(answers.leadingIndent).toEqual(get({}, stack as never, "leadingIndent", 0));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("keeps 8 and '8' apart, and one property's value apart from another's", () => {
    const measurer = documentMeasurer("c");
    const overrides = [
      { fontSize: 8 },
      { fontSize: "8" },
      { lineHeight: 8 },
      { bold: true },
      { sup: true },
      { fontSize: 8, lineHeight: 8 },
      { lineHeight: 8, fontSize: 8 },
    ];
    for (const override of overrides) {
      const stack = new StyleContextStack(DICTIONARY, {});
      stack.push("cell");
      stack.push(override);
      expect(stackStyle(measurer, get, stack).style, JSON.stringify(override)).toEqual(
        resolveStyle(measurer, get, {}, stack as never),
      );
    }
  });

  it("answers alike after its trees start afresh (more branches than it keeps)", () => {
    const measurer = documentMeasurer("d");
    for (let i = 0; i < 60_000; i++) {
      const stack = new StyleContextStack(DICTIONARY, {});
      stack.push("label");
      stack.push({ fontSize: 6 + i / 1000 });
      const answers = stackStyle(measurer, get, stack);
      if (i % 5000 === 0 || i > 59_990) {
        expect(answers.style).toEqual(resolveStyle(measurer, get, {}, stack as never));
      }
    }
  });
});
