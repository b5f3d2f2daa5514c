/**
 * Generated sheets at the edges of sheet-1's schema: tiny and huge numbers, every character class a sheet may
 * hold (and, now and then, one it may not), every list filled up to its limit. Shared by the property tests that
 * hold validate to build and the JSON Schema to the zod schema.
 */
import fc from "fast-check";
import { LIMITS } from "../../templates/sheet-1/schema.js";
import { seedData } from "../helpers.js";

/** Characters of every class a sheet may hold, and some it may not (validate must then say no). */
const CHARACTER_CLASSES = [
  "あいうえおかきくけこアイウエオ",
  "日本語漢字施策課題評価区分髙﨑",
  "ｱｲｳｴｵﾞﾟ半角カナ",
  "ABCxyz0123456789 .,;:!?()[]{}'\"-+=@#$%&*/\\<>|~^_`",
  "ＡＢＣ０１２３（）「」『』【】〈〉《》・ー〜～",
  "①②③ⅠⅡⅢ㈱㍻㎡℃※→←↑↓○●◎△□■",
  "、。,.!?!?:;",
  "àéîõüçñßæøåÀÉ",
  "ΑΒΓαβγАБВабв",
  "😀",
  "한국어",
  "\u{20B9F}\u{2A6D6}",
  "e\u0301\u0302",
  "\t\n",
];

/** Mostly the classes a sheet may hold (so that many sheets pass), now and then one it may not. */
const characterClass = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...CHARACTER_CLASSES.slice(0, 9)) },
  { weight: 1, arbitrary: fc.constantFrom(...CHARACTER_CLASSES.slice(9)) },
);

const text = (max: number) =>
  fc
    .tuple(
      characterClass,
      fc.integer({ min: 1, max }),
      fc.oneof({ weight: 99, arbitrary: fc.constant(true) }, fc.constant(false)),
    )
    .map(([chars, length, spaced]) => {
      const units = [...chars];
      let out = "";
      for (let i = 0; [...out].length < length; i++) {
        out += units[i % units.length];
        if (spaced && i % 7 === 6) out += " ";
      }
      return [...out].slice(0, length).join("").trim() || "あ";
    });

const EDGE_NUMBERS = [
  0,
  -0,
  1e-300,
  5e-324,
  -1e-7,
  1e15,
  -1e15,
  0.1 + 0.2,
  123456789.123456,
  2 ** 53 - 1,
  1e14 + 0.5,
];
const measured = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000_000 }) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 6 }))
      .map(([n, places]) => n / 10 ** places),
  },
  { weight: 1, arbitrary: fc.double({ min: -1e15, max: 1e15, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
);
const amount = fc.constantFrom(0, 1, 999, 999_999_999_999, 123_456_789_012);

const block = (max: number) =>
  fc.record(
    { lead: text(max), items: fc.array(text(max), { minLength: 1, maxLength: LIMITS.bullets }) },
    { requiredKeys: ["items"] },
  );

type Sheet = Record<string, unknown>;

export function edgeSheet(): fc.Arbitrary<Sheet> {
  const seed = seedData() as Sheet & { plan: { startYear: number; endYear: number }; evaluationYear: number };
  const years = Array.from({ length: 12 }, (_, i) => 2002 + i);
  return fc
    .record({
      name: text(LIMITS.name),
      division: text(LIMITS.shortText),
      related: fc.array(text(LIMITS.shortText), { maxLength: LIMITS.relatedDivisions }),
      problems: block(LIMITS.paragraph),
      achievements: block(400),
      indicators: fc.array(
        fc.record({
          name: text(LIMITS.name),
          unit: text(LIMITS.unit),
          description: text(LIMITS.paragraph),
          values: fc.array(fc.record({ plan: measured, actual: measured }), { minLength: 1, maxLength: 12 }),
        }),
        { maxLength: LIMITS.indicators },
      ),
      budget: fc.array(
        fc.record({
          kinds: fc.uniqueArray(fc.constantFrom("予算", "決算", "計画事業費", "決算見込", "補正後予算額"), {
            minLength: 1,
            maxLength: LIMITS.amountKinds,
          }),
          amount,
        }),
        { minLength: 1, maxLength: LIMITS.budgetYears },
      ),
      projects: fc.array(fc.record({ name: text(LIMITS.shortText), achievement: text(LIMITS.shortText) }), {
        maxLength: LIMITS.projects,
      }),
      glossary: fc.array(fc.record({ term: text(LIMITS.shortText), explanation: text(300) }), {
        maxLength: LIMITS.glossary,
      }),
    })
    .map((g) => {
      // biome-ignore lint/suspicious/noExplicitAny: a generated sheet is assembled field by field.
      const sheet = structuredClone(seed) as Record<string, any>;
      sheet.measure.name = g.name;
      sheet.division = g.division;
      if (g.related.length > 0) sheet.relatedDivisions = g.related;
      sheet.overview.problems = g.problems;
      sheet.results.achievements = g.achievements;
      sheet.indicators = g.indicators.map((ind) => ({
        name: ind.name,
        unit: ind.unit,
        description: ind.description,
        years: ind.values.map((v, i) => ({ year: years[i], ...v })),
      }));
      sheet.budget = {
        years: g.budget.map((b, i) => ({
          year: 2008 + i,
          amounts: b.kinds.map((kind) => ({ kind, amount: b.amount })),
        })),
      };
      if (g.projects.length > 0) sheet.projects = g.projects;
      else delete sheet.projects;
      if (g.glossary.length > 0) sheet.glossary = g.glossary;
      else delete sheet.glossary;
      return sheet;
    });
}
