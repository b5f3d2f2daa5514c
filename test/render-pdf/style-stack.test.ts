/**
 * The allocation-free style lookups (engine/style-stack.ts) against pdfmake's own `getStyleProperty` and
 * `getProperty` (kept before the patch is installed), for any stack, item and property: the same answers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pdfmakeInternal } from "../../src/render-pdf/engine/internals.js";
import { installFastStyleLookup } from "../../src/render-pdf/engine/style-stack.js";

interface Stack {
  push(e: unknown): void;
  getProperty(property: string): unknown;
}
type GetStyleProperty = (
  item: unknown,
  stack: Stack | undefined,
  property: string,
  fallback: unknown,
) => unknown;

const StyleContextStack = (
  pdfmakeInternal("StyleContextStack") as {
    default: (new (
      dictionary: object,
      defaultStyle?: object,
    ) => Stack) & {
      prototype: Stack;
      getStyleProperty: GetStyleProperty;
    };
  }
).default;

// pdfmake's own, before the patch (this file installs it itself, whatever the engine mode of the run).
const pdfmakeGet = StyleContextStack.getStyleProperty;
const pdfmakeGetProperty = StyleContextStack.prototype.getProperty;
installFastStyleLookup();

const DICTIONARY = {
  cell: { fontSize: 8, alignment: "center" },
  label: { bold: true, extends: "cell" },
  wide: { characterSpacing: 1, extends: ["label", "cell"] },
  loop: { extends: "loop2" },
  loop2: { extends: "loop", color: "red" },
  nulls: { fontSize: null, color: undefined },
  numbered: { fontSize: "8" },
};
const NAMES = ["cell", "label", "wide", "loop", "nulls", "numbered", "missing"];
const PROPERTIES = [
  "fontSize",
  "alignment",
  "bold",
  "color",
  "characterSpacing",
  "lineHeight",
  "font",
  "missing",
];

const styleRef = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.array(fc.constantFrom(...NAMES), { maxLength: 3 }),
  fc.constant(new String("label")),
);
const override = fc.record(
  {
    fontSize: fc.constantFrom(7.5, 8, "8", null, undefined),
    alignment: fc.constantFrom("left", "right", null),
    bold: fc.boolean(),
    color: fc.constantFrom("8", "blue", null),
    style: styleRef,
    section: fc.constant("section"),
    text: fc.constant("本文"),
  },
  { requiredKeys: [] },
);
const entry = fc.oneof(fc.constantFrom(...NAMES), override);
const item = fc.oneof(fc.constant("本文"), fc.constant(new String("本文")), override);

describe("style-stack (fast StyleContextStack lookups)", () => {
  it("answers as pdfmake's getStyleProperty and getProperty do", () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }),
        fc.constantFrom({ font: "Main", fontSize: 9 }, { lineHeight: 1 }, undefined),
        item,
        fc.constantFrom(...PROPERTIES),
        fc.boolean(),
        (entries, defaults, it, property, noStack) => {
          const fast = new StyleContextStack(DICTIONARY, defaults);
          const own = new StyleContextStack(DICTIONARY, defaults);
          own.getProperty = pdfmakeGetProperty;
          for (const e of entries) {
            fast.push(e);
            own.push(e);
          }
          const expected = pdfmakeGet.call(StyleContextStack, it, noStack ? undefined : own, property, "fb");
          expect(StyleContextStack.getStyleProperty(it, noStack ? undefined : fast, property, "fb")).toEqual(
            expected,
          );
          expect(fast.getProperty(property)).toEqual(pdfmakeGetProperty.call(own, property));
        },
      ),
      {
        numRuns: 5000,
        // Two named styles that set a property differently: the later one wins, as pdfmake's autopush has it.
        examples: [[[], undefined, { style: ["numbered", "cell"] }, "fontSize", false]],
      },
    );
  });
});
