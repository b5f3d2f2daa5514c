/**
 * The data contract of 施策進行管理・評価表(2): the projects (事務事業) under one measure, one block each. Every
 * value printed on the form is here except the counts of sections 1 and 2, which are derived from the projects
 * (model.ts) and can therefore never disagree with them. Limits are documented in README.md.
 */
import { z } from "zod";
import {
  addCustomIssue,
  checkYearsAscending,
  fiscalYear,
  labelled,
  line,
  longText,
  MAX_YEAR,
} from "../../src/forms/kit.js";

export const FORM_ID = "sheet-2";

/** Limits: they keep pathological input from breaking the layout and are listed in the README. */
export const LIMITS = {
  name: 200,
  shortText: 100,
  outline: 1000,
  /** One cell of a project's year table: the cells are narrow (about 8 full-width characters a line). */
  cell: 100,
  /** The published sheets list 2 to 19 projects; 40 leaves room without letting a sheet run to a book. */
  projects: 40,
  /** Columns of the year table: baseline, one per plan year, the year after. Six plan years still fit A4. */
  planYears: 6,
} as const;

/** 達成度: 1 (far above the target) … 5 (far below). */
export const ACHIEVEMENT_LEVELS = [1, 2, 3, 4, 5] as const;
/** 事業の妥当性 and 事業の有効性・効率性・経済性: 5 (優る) … 1 (劣る), printed from 5 down as the form does. */
export const REVIEW_LEVELS = [5, 4, 3, 2, 1] as const;
/**
 * 3ヵ年の事業目標に対する達成状況, written as the form prints it: ASCII Roman numerals (I = U+0049), which anyone
 * can type; `Ⅱ` (U+2161) or `2` are refused with the list of the four.
 */
export const STATUSES = ["I", "II", "III", "IV"] as const;
export type Status = (typeof STATUSES)[number];

/** A 1–5 rating: a whole number, checked against the scale with the field's label in the message. */
const rating = () => z.int().min(1).max(5);

const yearCell = z.strictObject({
  year: labelled(fiscalYear(), {
    title: "年度",
    titleEn: "Year",
    description: "この欄の年度(西暦、例: 2006)",
  }),
  text: labelled(longText(LIMITS.cell), {
    title: "記載内容",
    titleEn: "Text",
    description: `その年度の欄に印字する短い文(${LIMITS.cell}文字以内)。空欄の年度は書かない`,
    examples: ["継続実施", "助成件数 32件"],
  }),
});

const baseline = labelled(longText(LIMITS.cell).optional(), {
  title: "現状(計画策定時)",
  titleEn: "Baseline (when the plan was made)",
  description: `「現状(計画策定時)」の欄に印字する短い文(${LIMITS.cell}文字以内)`,
});
const years = labelled(z.array(yearCell).min(1).max(LIMITS.planYears).optional(), {
  title: "年度別",
  titleEn: "By year",
  itemLabel: "year",
  description: "実行計画の期間内の年度。古い順、重複なし",
});
const after = labelled(longText(LIMITS.cell).optional(), {
  title: "計画終了の翌年度以降",
  titleEn: "After the plan",
  description: "「<計画終了年度+1>年度以降」の欄",
});

/** A row of the year table with at least one cell: an empty row is left out, not written as `{}`. */
function yearRow<T extends z.ZodRawShape>(shape: T, title: string, titleEn: string, description: string) {
  return labelled(
    z.strictObject(shape).superRefine((row, ctx) => {
      if (Object.values(row).every((v) => v === undefined)) addCustomIssue(ctx, { key: "empty-row" });
      const cells = (row as { years?: { year: number }[] }).years;
      if (cells) checkYearsAscending(cells, ctx, (i) => ["years", i, "year"]);
    }),
    { title, titleEn, description },
  );
}

const project = z.strictObject({
  name: labelled(longText(LIMITS.name), {
    title: "事務事業名",
    titleEn: "Project name",
    description: "評価票(1)の「配下の事務事業一覧」と同じ名前で書く",
  }),
  division: labelled(line(LIMITS.shortText), {
    title: "所管課",
    titleEn: "Responsible division",
    description: "事業を所管する課(局・部・課の名前を続けて)",
    examples: ["市民局地域生活部地域生活課"],
  }),
  outline: labelled(longText(LIMITS.outline), {
    title: "事務事業の概要",
    titleEn: "Outline",
    description: `事業の内容を文章で(${LIMITS.outline}文字以内)`,
  }),
  achievement: labelled(rating(), {
    title: "達成度",
    titleEn: "Achievement level",
    description:
      "1 目標を大きく上回って達成 / 2 目標を上回って達成 / 3 目標をほぼ達成 / 4 目標を下回った / 5 目標を大きく下回った",
  }),
  priority: labelled(z.boolean().optional(), {
    title: "重点",
    titleEn: "Priority",
    description: "重点事業なら true(印が付く)。そうでなければ書かない",
  }),
  validity: labelled(rating(), {
    title: "事業の妥当性",
    titleEn: "Validity",
    description: "5 優る / 4 やや優る / 3 適正 / 2 やや劣る / 1 劣る",
  }),
  effectiveness: labelled(rating(), {
    title: "事業の有効性・効率性・経済性",
    titleEn: "Effectiveness, efficiency and economy",
    description: "5 優る / 4 やや優る / 3 適正 / 2 やや劣る / 1 劣る",
  }),
  status: labelled(z.enum(STATUSES), {
    title: "3ヵ年の事業目標に対する達成状況",
    titleEn: "Achievement of the plan's targets",
    description:
      'I 当初の目標を上回って達成 / II 当初の目標どおり達成 / III 当初の目標を下回った / IV 法制度等の改定により比較不能(半角英字の "I" "II" "III" "IV")',
  }),
  targets: yearRow(
    { baseline, years, after },
    "事業目標",
    "Targets",
    "年度表の「事業目標」の行。空の欄は書かない",
  ).optional(),
  revisedTargets: yearRow(
    { baseline, years, after },
    "実行計画と差異のある事業目標",
    "Targets changed from the plan",
    "計画から変わった事業目標の行(多くは空。空なら行ごと書かない)",
  ).optional(),
  // 実績 are results: there is none yet for the years after the plan, so the row has no such cell.
  results: yearRow({ baseline, years }, "実績", "Results", "実績の行。評価年度までの年度だけ").optional(),
});

export const sheetSchema = z
  .strictObject({
    $schema: labelled(z.string().max(500).optional(), {
      title: "JSON Schema",
      titleEn: "JSON Schema",
      description: "エディタの入力支援用。例: ../../schemas/sheet-2.schema.json",
    }),
    form: labelled(z.literal(FORM_ID), {
      title: "様式",
      titleEn: "Form",
      description: "施策進行管理・評価表(2) は sheet-2",
    }),
    evaluationYear: labelled(fiscalYear(), {
      title: "評価年度",
      titleEn: "Evaluation year",
      description: "評価する年度(西暦)。出力は out/<評価年度>/<コード>-2.pdf などになる",
      examples: [2007],
    }),
    measure: labelled(
      z.strictObject({
        code: labelled(z.string().regex(/^[0-9]{8}$/), {
          title: "コード",
          titleEn: "Code",
          description: "8桁の数字(文字列として書く)",
          examples: ["62401000"],
        }),
        name: labelled(longText(LIMITS.name).optional(), {
          title: "名称",
          titleEn: "Name",
          description: "任意(公開された評価表(2)には載っていない)。書けば見出しに印字される",
        }),
      }),
      {
        title: "施策課題",
        titleEn: "Measure",
        description: "この評価表が属する施策課題(評価票(1)と同じコード)",
      },
    ),
    division: labelled(line(LIMITS.shortText).optional(), {
      title: "作成課",
      titleEn: "Authoring division",
      description: "任意。印字はされず、PDF とブックの作成者になる",
    }),
    basicPolicy: labelled(longText(LIMITS.name).optional(), {
      title: "基本政策",
      titleEn: "Basic policy",
      description: "任意。年報(book)の目次の分類に使う",
    }),
    basicMeasure: labelled(longText(LIMITS.name).optional(), {
      title: "基本施策",
      titleEn: "Basic measure",
      description: "任意(基本政策とともに)。年報(book)の目次の分類に使う",
    }),
    plan: labelled(
      z.strictObject({
        name: labelled(line(40).optional(), {
          title: "計画名",
          titleEn: "Plan name",
          examples: ["第1期実行計画"],
          description: "任意。印字はされない",
        }),
        startYear: labelled(fiscalYear(), {
          title: "開始年度",
          titleEn: "First year",
          description: "計画期間の最初の年度(西暦)",
        }),
        // The form prints the year after the plan (`<end + 1>年度以降`): it too must be a year the form knows.
        endYear: labelled(fiscalYear().max(MAX_YEAR - 1), {
          title: "終了年度",
          titleEn: "Last year",
          description: "計画期間の最後の年度(西暦)。年度表の列はこの期間から作られる",
        }),
      }),
      { title: "実行計画", titleEn: "Execution plan", description: "評価の対象となる実行計画の期間" },
    ),
    projects: labelled(z.array(project).min(1).max(LIMITS.projects), {
      title: "配下の事務事業",
      titleEn: "Project",
      itemLabel: "ordinal",
      description: "印字する順に並べる",
    }),
  })
  .superRefine((sheet, ctx) => {
    const { startYear, endYear } = sheet.plan;
    if (startYear > endYear) {
      addCustomIssue(ctx, { key: "plan-order", startYear, endYear }, ["plan", "endYear"]);
      return;
    }
    if (endYear - startYear + 1 > LIMITS.planYears) {
      addCustomIssue(ctx, { key: "plan-too-long", startYear, endYear, max: LIMITS.planYears }, [
        "plan",
        "endYear",
      ]);
      return;
    }
    if (sheet.evaluationYear < startYear || sheet.evaluationYear > endYear)
      addCustomIssue(
        ctx,
        { key: "evaluation-outside-plan", year: sheet.evaluationYear, startYear, endYear },
        ["evaluationYear"],
      );
    if (sheet.basicMeasure !== undefined && sheet.basicPolicy === undefined)
      addCustomIssue(ctx, { key: "basic-measure-alone" }, ["basicMeasure"]);
    const names = new Map<string, number>();
    sheet.projects.forEach((p, i) => {
      const first = names.get(p.name);
      if (first !== undefined)
        addCustomIssue(ctx, { key: "project-duplicate", name: p.name, first: first + 1 }, [
          "projects",
          i,
          "name",
        ]);
      else names.set(p.name, i);
      for (const kind of ["targets", "revisedTargets", "results"] as const) {
        (p[kind]?.years ?? []).forEach((cell, j) => {
          const path = ["projects", i, kind, "years", j, "year"];
          if (cell.year < startYear || cell.year > endYear)
            addCustomIssue(ctx, { key: "year-outside-plan", year: cell.year, startYear, endYear }, path);
          else if (kind === "results" && cell.year > sheet.evaluationYear)
            addCustomIssue(
              ctx,
              { key: "result-after-evaluation", year: cell.year, evaluationYear: sheet.evaluationYear },
              path,
            );
        });
      }
    });
  });

export type SheetData = z.infer<typeof sheetSchema>;
export type ProjectData = SheetData["projects"][number];
