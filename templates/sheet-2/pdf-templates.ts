/**
 * Every printed label of 施策進行管理・評価表(2)'s PDF, as Handlebars templates (compiled once per process by
 * src/render-pdf/templating.ts: no HTML escaping, strict, known helpers only; `fy` prints `2007年度`). The
 * wording is the form's own, as published, including its mixed `3ヶ年` (the summary's heading) and `3ヵ年` (the
 * rating), and the heading `<配下の事務事業所一覧>`. The scales' words are in model.ts, where the workbook
 * takes them too.
 */
export const PDF_TEMPLATES = {
  title: "{{formTitle}}",
  evaluationYearLabel: "評価年度",
  evaluationYear: "{{fy year}}",
  measureLabel: "施策課題",

  achievementLabel: "達成度",
  projectCountLabel: "事業数",
  priorityCountLabel: "うち重点",
  totalLabel: "合計",

  summaryHeading: "3ヶ年の総括",
  validityLabel: "事業の妥当性",
  effectivenessLabel: "事業の有効性・効率性・経済性",
  statusLabel: "3ヵ年の事業目標に対する達成状況",
  count: "{{number value}}",

  projectsHeading: "<配下の事務事業所一覧>",
  projectNameLabel: "事務事業名",
  divisionLabel: "所管課",
  outlineLabel: "事務事業の概要",
  priorityLabel: "重点",
  priorityMark: "◎",
  rating: "{{value}}",
  yearLabel: "年度",

  footer: "{{formTitle}} {{code}}",
  metadataSubject: "{{formTitle}} {{fy year}}({{eraFiscalYear year}})",
} as const;

export type PdfTemplateName = keyof typeof PDF_TEMPLATES;
