/**
 * Every printed label of 施策進行管理・評価票(1)'s PDF, as Handlebars templates (compiled once per process by
 * src/render-pdf/templating.ts: no HTML escaping, strict, known helpers only). Helpers: `era` (`H23`),
 * `eraYear` (`平成23年`, `令和元年`), `eraFiscalYear` (`平成23年度`), `fy` (`2011年度`), `fyEra`
 * (`2011(H23)年度`), `number` (`326,331`). Texts without fields are templates too, so the whole wording of the
 * form is in this one file.
 */
export const PDF_TEMPLATES = {
  title: "{{formTitle}}",
  evaluationYearLabel: "評価年度",
  evaluationYear: "{{fy year}}",

  basicHeading: "<基本情報>",
  measureLabel: "施策課題",
  divisionLabel: "作成課",
  basicPolicyLabel: "基本政策",
  policyDirectionLabel: "政策の\n基本方向",
  basicMeasureLabel: "基本施策",
  relatedDivisionsLabel: "関係課",
  relatedDivisionsSeparator: "、",
  priorityLabel: "重点",
  priorityMark: "◎",

  overviewHeading:
    "<{{planName}}({{startYear}}({{era startYear}})〜{{endYear}}({{era endYear}})年度)における施策の概要及び施策の目標>",
  problemsLabel: "当該施策によって\n解決すべき課題",
  outlineLabel: "施策の概要",
  targetsLabel: "施策の目標",
  bullet: "●",

  resultsHeading: "<成果の説明>",
  achievementsLabel: "解決すべき課題に対する当該年度の成果",
  remainingIssuesLabel: "残された課題,新たな課題,社会環境の変化等",
  evaluationLabel: "評価結果及びその評価区分とした理由",
  gradeYear: "{{year}}",
  gradeLegend:
    "A 施策が順調に推進したもの(新たな課題等 Ⅰ 無 Ⅱ 有) B 施策が一定程度推進したもの C 施策が推進していないもの",

  futureHeading: "<今後の取組や方向性及び改善に向けた考え方>",
  futureDirectionLabel: "{{fy nextYear}}以降の方向性",

  indicatorsHeading: "<参考指標>",
  indicatorNameLabel: "参考指標名{{mark}}",
  indicatorDescriptionLabel: "指標の説明{{mark}}",
  indicatorDirectionLabel: "指標の方向性{{mark}}",
  indicatorYearLabel: "年度",
  indicatorPlanLabel: "計画値",
  indicatorActualLabel: "実績値",
  indicatorUnitLabel: "単位",
  indicatorYear: "{{year}}",
  indicatorValue: "{{number value}}",

  budgetHeading: "<事業費>",
  budgetUnit: "(単位:千円)",
  budgetYearLabel: "年度",
  budgetYear: "{{fyEra year}}",
  budgetTotalLabel: "事業費合計",
  amount: "{{number amount}}",

  projectsHeading: "<配下の事務事業一覧>",
  projectNameLabel: "事務事業名",
  projectAchievementLabel: "{{planName}}\n期間の達成状況",

  glossaryHeading: "<用語説明>",

  footer: "{{formTitle}} {{code}}",
  metadataSubject: "{{formTitle}} {{fy year}}({{eraFiscalYear year}})",
} as const;

export type PdfTemplateName = keyof typeof PDF_TEMPLATES;
