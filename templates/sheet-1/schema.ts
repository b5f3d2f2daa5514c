/**
 * The data contract of 施策進行管理・評価票(1). Every value printed on the form is here; fixed labels and the
 * legend live in the layout. Limits are documented in README.md ("Data format").
 */
import { z } from "zod";
import {
  addCustomIssue,
  amount,
  checkYearsAscending,
  fiscalYear,
  labelled,
  line,
  longText,
  MAX_VALUE_TEXT,
  MAX_YEAR,
  measuredValue,
  numberOrText,
  snippetChoice,
  snippetNumber,
  snippetStop,
} from "../../src/forms/kit.js";

export const FORM_ID = "sheet-1";

/** Limits: they keep pathological input from breaking the layout and are listed in the README. */
export const LIMITS = {
  name: 200,
  shortText: 100,
  paragraph: 1000,
  bullets: 20,
  relatedDivisions: 20,
  indicators: 3,
  indicatorYears: 12,
  budgetYears: 6,
  amountKinds: 4,
  kind: 10,
  projects: 60,
  glossary: 40,
  unit: 12,
  decimals: 3,
} as const;

/** How many decimal places a number is written with (`19.25` → 2); numbers here never print an exponent. */
export function decimalPlaces(value: number): number {
  return String(value).split(".")[1]?.length ?? 0;
}

/** A bullet typed at the start of an item: the layout draws the ●, so it would print twice (`● ●…`). */
export const TYPED_BULLET = /^[\s\u3000]*([●・○])/u;

/** For editors: a text block as staff usually write one (a lead and bullets), or bullets alone. */
const TEXT_BLOCK_SNIPPETS = [
  {
    label: "前文と箇条書き",
    description: "前文の段落と ● の箇条書き",
    body: { lead: snippetStop(1, "前文"), items: [snippetStop(2, "箇条書き")] },
  },
  { label: "箇条書きだけ", description: "● の箇条書き", body: { items: [snippetStop(1, "箇条書き")] } },
];

const textBlock = (title: string, titleEn: string, description: string) =>
  labelled(
    z
      .strictObject({
        lead: labelled(longText(LIMITS.paragraph).optional(), {
          title: "前文",
          titleEn: "Lead paragraph",
          description: "箇条書きの前に置く段落(任意)",
        }),
        items: labelled(z.array(longText(LIMITS.paragraph)).max(LIMITS.bullets).optional(), {
          title: "箇条書き",
          titleEn: "Bullet items",
          description: "● の付く項目。● は書かない(レイアウトが描く)",
          itemLabel: "bullet",
        }),
      })
      .superRefine((block, ctx) => {
        if (block.lead === undefined && (block.items?.length ?? 0) === 0)
          addCustomIssue(ctx, { key: "empty-text" });
        block.items?.forEach((item, i) => {
          const mark = TYPED_BULLET.exec(item)?.[1];
          if (mark) addCustomIssue(ctx, { key: "typed-bullet", mark }, ["items", i]);
        });
      }),
    {
      title,
      titleEn,
      description: `${description}。{ "lead": "前文", "items": ["箇条書き", …] } の形で、少なくともどちらか一方を書く`,
      defaultSnippets: TEXT_BLOCK_SNIPPETS,
    },
  );

export const GRADES = ["AⅠ", "AⅡ", "B", "C"] as const;
export const DIRECTIONS = ["大きいほどよい", "小さいほどよい"] as const;

/** How a number cell takes a text, for editors (the JSON Schema's description). */
const VALUE_TEXT_NOTE = `数値(JSON の数値。"1,234" のような文字列は不可)。数値がない年は「集計中」「−」など${MAX_VALUE_TEXT}文字以内の文字列も書ける(そのまま印字され、達成率・執行率・合計には使われない)`;

const indicatorYear = z.strictObject({
  year: labelled(fiscalYear(), {
    title: "年度",
    titleEn: "Year",
    description: "西暦の年度(例: 2013)。行は年度の古い順に並べる",
  }),
  plan: labelled(numberOrText(measuredValue()).optional(), {
    title: "計画値",
    titleEn: "Planned value",
    description: VALUE_TEXT_NOTE,
  }),
  actual: labelled(numberOrText(measuredValue()).optional(), {
    title: "実績値",
    titleEn: "Actual value",
    description: VALUE_TEXT_NOTE,
  }),
});

const indicator = z
  .strictObject({
    name: labelled(longText(LIMITS.name), {
      title: "参考指標名",
      titleEn: "Indicator name",
      description: "参考指標の名称(200文字以内)",
    }),
    description: labelled(longText(LIMITS.paragraph).optional(), {
      title: "指標の説明",
      titleEn: "Description",
      description: "指標が何を測るかの説明(任意、1,000文字以内)",
    }),
    direction: labelled(z.enum(DIRECTIONS).optional(), {
      title: "指標の方向性",
      titleEn: "Direction",
      description: "大きいほどよい / 小さいほどよい",
    }),
    unit: labelled(line(LIMITS.unit).optional(), {
      title: "単位",
      titleEn: "Unit",
      description: "値のある年度の行に印字される(例: %、件、人)",
    }),
    decimals: labelled(z.int().min(0).max(LIMITS.decimals).optional(), {
      title: "小数点以下の桁数",
      titleEn: "Decimal places",
      description:
        "値を小数点以下何桁まで持つか(0〜3)。印字はちょうどこの桁数(19 → 19.0)、Excel も同じ表示形式。これより細かい値は誤り。省略すると値のとおり",
    }),
    years: labelled(z.array(indicatorYear).min(1).max(LIMITS.indicatorYears), {
      title: "年度別の値",
      titleEn: "Values by year",
      description: "年度ごとの計画値と実績値(1〜12年度、年度の古い順)",
      itemLabel: "year",
    }),
  })
  .meta({
    defaultSnippets: [
      {
        label: "参考指標",
        description: "指標名・単位・方向性と、1年度分の計画値と実績値",
        body: {
          name: snippetStop(1, "参考指標名"),
          direction: snippetChoice(2, DIRECTIONS),
          unit: snippetStop(3, "件"),
          years: [{ year: snippetNumber(4, 2013), plan: snippetNumber(5, 0), actual: snippetNumber(6, 0) }],
        },
      },
    ],
  })
  .superRefine((ind, ctx) => {
    checkYearsAscending(ind.years, ctx, (i) => ["years", i, "year"]);
    const { decimals } = ind;
    if (decimals === undefined) return;
    ind.years.forEach((row, i) => {
      for (const key of ["plan", "actual"] as const) {
        const v = row[key];
        if (typeof v === "number" && decimalPlaces(v) > decimals)
          addCustomIssue(ctx, { key: "decimals-exceeded", value: String(v), decimals }, ["years", i, key]);
      }
    });
  });

const budgetAmount = z.strictObject({
  kind: labelled(line(LIMITS.kind), {
    title: "区分",
    titleEn: "Kind of amount",
    description: "予算・決算・計画事業費・決算見込 など",
    examples: ["予算", "決算", "計画事業費", "決算見込"],
  }),
  amount: labelled(numberOrText(amount()), {
    title: "金額(千円)",
    titleEn: "Amount (thousand yen)",
    description: VALUE_TEXT_NOTE,
  }),
});

const budgetYear = z
  .strictObject({
    year: labelled(fiscalYear(), {
      title: "年度",
      titleEn: "Year",
      description: "西暦の年度(例: 2013)。年度の古い順に並べる",
    }),
    amounts: labelled(z.array(budgetAmount).min(1).max(LIMITS.amountKinds), {
      title: "金額",
      titleEn: "Amounts",
      description: "その年度の金額を区分ごとに(1〜4件、区分は年度内で重複しない)",
      itemLabel: "kind",
    }),
  })
  .meta({
    defaultSnippets: [
      {
        label: "事業費の年度",
        description: "1年度分の予算と決算(千円)",
        body: {
          year: snippetNumber(1, 2013),
          amounts: [
            { kind: "予算", amount: snippetNumber(2, 0) },
            { kind: "決算", amount: snippetNumber(3, 0) },
          ],
        },
      },
    ],
  })
  .superRefine((row, ctx) => {
    const seen = new Set<string>();
    row.amounts.forEach((a, i) => {
      if (seen.has(a.kind))
        addCustomIssue(ctx, { key: "kind-duplicate", kind: a.kind }, ["amounts", i, "kind"]);
      seen.add(a.kind);
    });
  });

export const sheetSchema = z
  .strictObject({
    $schema: labelled(z.string().max(500).optional(), {
      title: "JSON Schema",
      titleEn: "JSON Schema",
      description: "エディタの入力支援用。例: ../../schemas/sheet-1.schema.json",
    }),
    form: labelled(z.literal(FORM_ID), {
      title: "様式",
      titleEn: "Form",
      description: "施策進行管理・評価票(1) は sheet-1",
    }),
    // The form prints the year after the evaluation year (その翌年度以降の方向性): it too must be a year the form knows.
    evaluationYear: labelled(fiscalYear().max(MAX_YEAR - 1), {
      title: "評価年度",
      titleEn: "Evaluation year",
      description: "評価する年度(西暦、例: 2013)。実行計画の期間内。出力は out/<評価年度>/ に作られる",
      examples: [2013],
    }),
    measure: labelled(
      z.strictObject({
        code: labelled(z.string().regex(/^[0-9]{8}$/), {
          title: "コード",
          titleEn: "Code",
          description: "8桁の数字(文字列として書く)",
          examples: ["72302000"],
        }),
        name: labelled(longText(LIMITS.name), {
          title: "名称",
          titleEn: "Name",
          description: "施策課題の名称(200文字以内)",
        }),
      }),
      {
        title: "施策課題",
        titleEn: "Measure",
        description: "施策課題のコードと名称。出力ファイル名はコードになる",
      },
    ),
    division: labelled(line(LIMITS.shortText), {
      title: "作成課",
      titleEn: "Authoring division",
      description: "評価票を作成した課(局・部・課、100文字以内)",
    }),
    basicPolicy: labelled(longText(LIMITS.name), {
      title: "基本政策",
      titleEn: "Basic policy",
      description: "施策が属する基本政策(200文字以内)",
    }),
    policyDirection: labelled(longText(LIMITS.name), {
      title: "政策の基本方向",
      titleEn: "Policy direction",
      description: "施策が属する政策の基本方向(200文字以内)",
    }),
    basicMeasure: labelled(longText(LIMITS.name), {
      title: "基本施策",
      titleEn: "Basic measure",
      description: "施策が属する基本施策(200文字以内)",
    }),
    relatedDivisions: labelled(z.array(line(LIMITS.shortText)).max(LIMITS.relatedDivisions).optional(), {
      title: "関係課",
      titleEn: "Related divisions",
      description: "関係する課の一覧(任意、20件まで、各100文字以内)",
      itemLabel: "ordinal",
    }),
    priority: labelled(z.boolean().optional(), {
      title: "重点",
      titleEn: "Priority",
      description: "重点施策なら true(印が付く)",
    }),
    plan: labelled(
      z.strictObject({
        name: labelled(line(40), {
          title: "計画名",
          titleEn: "Plan name",
          description: "見出しに印字する実行計画の名称(40文字以内)",
          examples: ["第3期実行計画"],
        }),
        startYear: labelled(fiscalYear(), {
          title: "開始年度",
          titleEn: "First year",
          description: "計画期間の最初の年度(西暦、例: 2011)",
        }),
        endYear: labelled(fiscalYear(), {
          title: "終了年度",
          titleEn: "Last year",
          description: "計画期間の最後の年度(西暦、例: 2013)。開始年度以降",
        }),
      }),
      {
        title: "実行計画",
        titleEn: "Execution plan",
        description: "施策が属する実行計画の名称と期間",
      },
    ),
    overview: labelled(
      z.strictObject({
        problems: textBlock("当該施策によって解決すべき課題", "Problems to solve", "施策で解決すべき課題"),
        outline: textBlock("施策の概要", "Outline of the measure", "施策の内容の概要"),
        targets: textBlock("施策の目標", "Targets of the measure", "施策が目指す目標"),
      }),
      {
        title: "施策の概要及び施策の目標",
        titleEn: "Outline and targets",
        description: "課題・概要・目標の3つの文章",
      },
    ),
    results: labelled(
      z.strictObject({
        achievements: textBlock(
          "解決すべき課題に対する当該年度の成果",
          "Results of the year",
          "評価年度に上がった成果",
        ),
        remainingIssues: textBlock(
          "残された課題,新たな課題,社会環境の変化等",
          "Remaining and new problems",
          "残された課題、新たな課題、社会環境の変化など",
        ),
        evaluation: labelled(
          z.strictObject({
            grades: labelled(
              z
                .array(
                  z.strictObject({
                    year: labelled(fiscalYear(), {
                      title: "年度",
                      titleEn: "Year",
                      description: "評価した年度(西暦)。計画期間内",
                    }),
                    grade: labelled(z.enum(GRADES), {
                      title: "評価区分",
                      titleEn: "Grade",
                      description: "AⅠ・AⅡ・B・C(Ⅰ Ⅱ はローマ数字)",
                    }),
                  }),
                )
                .min(1)
                .max(10),
              {
                title: "年度別評価",
                titleEn: "Grades by year",
                description: "計画期間の年度ごとの評価区分(年度の古い順、評価年度を含む)",
                itemLabel: "year",
              },
            ),
            reason: textBlock("評価区分とした理由", "Reason for the grade", "評価年度の評価区分とした理由"),
          }),
          {
            title: "評価結果及びその評価区分とした理由",
            titleEn: "Evaluation",
            description: "年度別の評価区分と、その理由",
          },
        ),
      }),
      {
        title: "成果の説明",
        titleEn: "Explanation of results",
        description: "成果・残された課題・評価結果",
      },
    ),
    futureDirection: textBlock(
      "今後の方向性",
      "Direction from next year",
      "評価年度の翌年度以降の方向性(見出しの年度は評価年度から作られる)",
    ),
    indicators: labelled(z.array(indicator).max(LIMITS.indicators).optional(), {
      title: "参考指標",
      titleEn: "Indicator",
      itemLabel: "circled",
      description: "0〜3件。空き枠は空欄で印字される",
    }),
    budget: labelled(
      z
        .strictObject({
          years: labelled(z.array(budgetYear).min(1).max(LIMITS.budgetYears), {
            title: "年度",
            titleEn: "Years",
            description: "年度ごとの事業費(1〜6年度、年度の古い順)",
            itemLabel: "year",
          }),
        })
        .superRefine((b, ctx) => checkYearsAscending(b.years, ctx, (i) => ["years", i, "year"])),
      {
        title: "事業費",
        titleEn: "Project cost",
        description: "事業費の表(単位:千円、任意)",
      },
    ),
    projects: labelled(
      z
        .array(
          z.strictObject({
            name: labelled(longText(LIMITS.name), {
              title: "事務事業名",
              titleEn: "Project name",
              description: "配下の事務事業の名称(200文字以内)",
            }),
            achievement: labelled(longText(LIMITS.shortText).optional(), {
              title: "達成状況",
              titleEn: "Achievement",
              description: "事務事業の達成状況(任意、100文字以内)",
            }),
          }),
        )
        .max(LIMITS.projects)
        .optional(),
      {
        title: "配下の事務事業",
        titleEn: "Project",
        description: "施策の配下にある事務事業の一覧(任意、60件まで)",
        itemLabel: "ordinal",
      },
    ),
    glossary: labelled(
      z
        .array(
          z.strictObject({
            term: labelled(line(LIMITS.shortText), {
              title: "用語",
              titleEn: "Term",
              description: "説明する用語(100文字以内)",
            }),
            explanation: labelled(longText(LIMITS.paragraph), {
              title: "説明",
              titleEn: "Explanation",
              description: "用語の説明(1,000文字以内)",
            }),
          }),
        )
        .max(LIMITS.glossary)
        .optional(),
      {
        title: "用語説明",
        titleEn: "Glossary entry",
        description: "欄外に印字する用語の説明(任意、40件まで)",
        itemLabel: "ordinal",
      },
    ),
  })
  .superRefine((sheet, ctx) => {
    const { startYear, endYear } = sheet.plan;
    if (startYear > endYear) {
      addCustomIssue(ctx, { key: "plan-order", startYear, endYear }, ["plan", "endYear"]);
      return;
    }
    if (sheet.evaluationYear < startYear || sheet.evaluationYear > endYear) {
      addCustomIssue(
        ctx,
        { key: "evaluation-outside-plan", year: sheet.evaluationYear, startYear, endYear },
        ["evaluationYear"],
      );
    }
    const grades = sheet.results.evaluation.grades;
    const gradesPath = (i: number) => ["results", "evaluation", "grades", i, "year"];
    checkYearsAscending(grades, ctx, gradesPath);
    grades.forEach((g, i) => {
      if (g.year < startYear || g.year > endYear)
        addCustomIssue(ctx, { key: "grade-outside-plan", year: g.year, startYear, endYear }, gradesPath(i));
    });
    if (
      sheet.evaluationYear >= startYear &&
      sheet.evaluationYear <= endYear &&
      !grades.some((g) => g.year === sheet.evaluationYear)
    ) {
      addCustomIssue(ctx, { key: "grade-missing", year: sheet.evaluationYear }, [
        "results",
        "evaluation",
        "grades",
      ]);
    }
  });

export type SheetData = z.infer<typeof sheetSchema>;
export type TextBlock = SheetData["overview"]["problems"];
export type Indicator = NonNullable<SheetData["indicators"]>[number];
