import type { MessageCatalog } from "../../src/forms/types.js";

/** Messages for this form's own cross-field rules. */
export const messages: MessageCatalog = {
  "plan-order": {
    ja: (p) => `実行計画の開始年度(${p.startYear})が終了年度(${p.endYear})より後になっています`,
    en: (p) => `the plan starts (${p.startYear}) after it ends (${p.endYear})`,
  },
  "evaluation-outside-plan": {
    ja: (p) => `評価年度 ${p.year} が実行計画の期間(${p.startYear}〜${p.endYear}年度)の外です`,
    en: (p) => `evaluation year ${p.year} is outside the plan period ${p.startYear}–${p.endYear}`,
  },
  "grade-outside-plan": {
    ja: (p) => `${p.year}年度の評価は実行計画の期間(${p.startYear}〜${p.endYear}年度)の外です`,
    en: (p) => `a grade for ${p.year} is outside the plan period ${p.startYear}–${p.endYear}`,
  },
  "grade-missing": {
    ja: (p) => `評価年度(${p.year}年度)の評価区分がありません`,
    en: (p) => `there is no grade for the evaluation year ${p.year}`,
  },
  "kind-duplicate": {
    ja: (p) => `同じ年度に区分「${p.kind}」が2回あります`,
    en: (p) => `the kind of amount "${p.kind}" appears twice in one year`,
  },
  "decimals-exceeded": {
    ja: (p) => `${p.value} は小数点以下の桁数(decimals: ${p.decimals})より細かい値です`,
    en: (p) => `${p.value} has more decimal places than the indicator keeps (decimals: ${p.decimals})`,
  },
  "decimals-exceeded.hint": {
    ja: (p) => `値を小数点以下${p.decimals}桁に丸めるか、decimals を増やしてください`,
    en: (p) => `round the value to ${p.decimals} decimal places, or raise decimals`,
  },
  "typed-bullet": {
    ja: (p) =>
      `箇条書きの先頭に「${p.mark}」が書かれています。印字では ● が付くので「● ${p.mark}…」になります`,
    en: (p) =>
      `the bullet item starts with "${p.mark}"; the form adds the ● itself, so it would print as "● ${p.mark}…"`,
  },
  "typed-bullet.hint": {
    ja: (p) => `先頭の「${p.mark}」を消してください(● はレイアウトが付けます)`,
    en: (p) => `remove the leading "${p.mark}" (the layout adds the ●)`,
  },
};
