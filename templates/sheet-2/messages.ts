import type { MessageCatalog } from "../../src/forms/types.js";

/** Messages for this form's own cross-field rules. */
export const messages: MessageCatalog = {
  "plan-order": {
    ja: (p) => `実行計画の開始年度(${p.startYear})が終了年度(${p.endYear})より後になっています`,
    en: (p) => `the plan starts (${p.startYear}) after it ends (${p.endYear})`,
  },
  "plan-too-long": {
    ja: (p) =>
      `実行計画の期間(${p.startYear}〜${p.endYear}年度)が長すぎます。年度の表は${p.max}年度分までです`,
    en: (p) =>
      `the plan period ${p.startYear}–${p.endYear} is too long: the year table has room for ${p.max} plan years`,
  },
  "evaluation-outside-plan": {
    ja: (p) => `評価年度 ${p.year} が実行計画の期間(${p.startYear}〜${p.endYear}年度)の外です`,
    en: (p) => `evaluation year ${p.year} is outside the plan period ${p.startYear}–${p.endYear}`,
  },
  "year-outside-plan": {
    ja: (p) =>
      `${p.year}年度は実行計画の期間(${p.startYear}〜${p.endYear}年度)の外です。計画の前は「現状(計画策定時)」、後は「${Number(p.endYear) + 1}年度以降」の欄に書きます`,
    en: (p) =>
      `${p.year} is outside the plan period ${p.startYear}–${p.endYear}: before it use the baseline, after it the "after the plan" cell`,
  },
  "result-after-evaluation": {
    ja: (p) => `${p.year}年度の実績は評価年度(${p.evaluationYear}年度)より後です`,
    en: (p) => `a result for ${p.year} comes after the evaluation year ${p.evaluationYear}`,
  },
  "empty-row": {
    ja: () => "欄が一つもありません。空の行は項目ごと省いてください",
    en: () => "the row has no cell; leave the whole row out instead",
  },
  "project-duplicate": {
    ja: (p) => `事務事業名「${p.name}」が${p.first}件目と重複しています`,
    en: (p) => `the project name "${p.name}" repeats project #${p.first}`,
  },
  "basic-measure-alone": {
    ja: () => "基本施策を書くときは基本政策も書いてください(年報の目次で基本政策の下に置かれます)",
    en: () => "a basic measure needs its basic policy (the book's contents file it under the policy)",
  },
};
