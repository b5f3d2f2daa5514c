/**
 * Realistic sample sheets for 施策進行管理・評価票(1): the data behind `npm run gen`, load tests and benchmarks.
 * Everything is derived from the seed through a small PRNG (never Math.random, never the clock), so one seed
 * always gives byte-identical files, and sheet i of a run does not depend on how many sheets follow it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../src/paths.js";
import {
  type DIRECTIONS,
  type GRADES,
  LIMITS,
  type SheetData,
  type TextBlock,
} from "../templates/sheet-1/schema.js";

export const DEFAULT_YEAR = 2013;
export const MAX_COUNT = 100_000;
/** The execution plans run in 3-year periods from 2005 (第1期 2005–2007, …, 第3期 2011–2013, 第4期 2014–2016). */
export const PLAN_BASE_YEAR = 2005;
export const PLAN_LENGTH = 3;
/** Years for which a plan can be derived and whose sheets stay inside the schema's year range. */
export const MIN_GEN_YEAR = PLAN_BASE_YEAR + 1;
export const MAX_GEN_YEAR = 2190;
export const SCHEMA_FILE = path.join(PROJECT_ROOT, "schemas", "sheet-1.schema.json");

// ---------------------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: tiny, fast and good enough for test data; its whole state is one 32-bit integer. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit finaliser, so neighbouring (seed, index) pairs give unrelated streams. */
export function mix32(x: number): number {
  let a = x >>> 0;
  a ^= a >>> 16;
  a = Math.imul(a, 0x7feb352d);
  a ^= a >>> 15;
  a = Math.imul(a, 0x846ca68b);
  a ^= a >>> 16;
  return a >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Inclusive on both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error("weighted pick from an empty list");
    return last[0];
  }
  /** k distinct items in random order (fewer if the list is shorter). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < k && copy.length > 0) {
      const [item] = copy.splice(Math.floor(this.next() * copy.length), 1);
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary: the city's basic policies (the first digit of a measure code), their directions (second digit)
// and basic measures (third digit), each with the topics its measures and texts talk about.

interface BasicMeasure {
  name: string;
  topics: readonly string[];
  divisions: readonly string[];
}
interface Direction {
  name: string;
  measures: readonly BasicMeasure[];
}
interface Policy {
  name: string;
  directions: readonly Direction[];
}

export const POLICIES: readonly Policy[] = [
  {
    name: "安全で快適に暮らすまちづくり",
    directions: [
      {
        name: "災害から生命を守る",
        measures: [
          {
            name: "地域防災力の向上と総合的な防災対策の推進",
            topics: ["地域防災力", "自主防災組織", "避難所運営", "防災備蓄", "帰宅困難者対策"],
            divisions: ["総務局危機管理室", "総務局危機管理室防災計画担当"],
          },
          {
            name: "消防・救急体制の充実",
            topics: ["救急需要への対応", "消防団活動", "火災予防", "救急車の適正利用"],
            divisions: ["消防局警防部救急課", "消防局予防部予防課"],
          },
        ],
      },
      {
        name: "安全な生活環境を確保する",
        measures: [
          {
            name: "地域における防犯対策の推進",
            topics: ["防犯灯の整備", "地域防犯活動", "客引き行為対策"],
            divisions: ["市民・こども局地域生活部地域安全推進課"],
          },
          {
            name: "交通安全対策と自転車利用環境の整備",
            topics: ["自転車の安全利用", "放置自転車対策", "通学路の安全対策"],
            divisions: ["建設緑政局道路管理部自転車対策室", "市民・こども局地域生活部地域安全推進課"],
          },
        ],
      },
      {
        name: "快適な都市基盤をつくる",
        measures: [
          {
            name: "安定した上下水道サービスの提供",
            topics: ["水道管路の耐震化", "下水道施設の再構築", "浸水対策"],
            divisions: ["上下水道局経営管理部経営企画課", "上下水道局下水道部下水道計画課"],
          },
          {
            name: "良質な住宅ストックの形成",
            topics: ["市営住宅の長寿命化", "マンション管理の適正化", "住宅の耐震化"],
            divisions: ["まちづくり局住宅政策部市営住宅管理課", "まちづくり局住宅政策部住宅整備課"],
          },
        ],
      },
    ],
  },
  {
    name: "幸せな暮らしを共に支えるまちづくり",
    directions: [
      {
        name: "地域で支え合う仕組みをつくる",
        measures: [
          {
            name: "地域福祉の総合的な推進",
            topics: [
              "地域包括ケア",
              "地域見守りネットワーク",
              "民生委員・児童委員活動",
              "生活困窮者の自立支援",
            ],
            divisions: ["健康福祉局地域福祉部地域福祉課", "健康福祉局生活保護・自立支援室"],
          },
          {
            name: "高齢者が生きがいを持って暮らせる環境づくり",
            topics: ["介護予防", "認知症高齢者への支援", "特別養護老人ホームの整備", "地域包括支援センター"],
            divisions: ["健康福祉局長寿社会部高齢者事業推進課", "健康福祉局長寿社会部介護保険課"],
          },
        ],
      },
      {
        name: "健康で安心して暮らせる",
        measures: [
          {
            name: "市民の健康づくりの推進",
            topics: ["特定健康診査", "がん検診", "食育", "生活習慣病予防"],
            divisions: ["健康福祉局保健医療部健康増進課"],
          },
          {
            name: "障害のある人の地域生活の支援",
            topics: ["障害者の就労支援", "相談支援体制", "グループホームの整備"],
            divisions: ["健康福祉局障害保健福祉部障害計画課", "健康福祉局障害保健福祉部障害福祉課"],
          },
          {
            name: "安心できる医療体制の確保",
            topics: ["小児救急医療", "在宅医療", "地域医療連携"],
            divisions: ["健康福祉局医療政策推進室"],
          },
        ],
      },
    ],
  },
  {
    name: "人を育て心を育むまちづくり",
    directions: [
      {
        name: "子どもを安心して育てる",
        measures: [
          {
            name: "保育・子育て支援サービスの充実",
            topics: [
              "待機児童対策",
              "保育所の整備",
              "子育て支援",
              "地域子育て支援センター",
              "放課後児童対策",
            ],
            divisions: ["市民・こども局こども本部子育て推進部保育課", "市民・こども局こども本部子育て推進部"],
          },
          {
            name: "子どもの権利が保障される環境づくり",
            topics: ["児童虐待の防止", "子どもの権利の普及", "児童相談所の機能強化"],
            divisions: ["市民・こども局こども本部こども家庭支援部こども家庭課"],
          },
        ],
      },
      {
        name: "学ぶ力を育む",
        measures: [
          {
            name: "確かな学力と豊かな心を育む学校教育の推進",
            topics: ["学力調査の活用", "学校施設の長寿命化", "特別支援教育", "外国語教育"],
            divisions: ["教育委員会事務局学校教育部指導課", "教育委員会事務局教育環境整備推進室"],
          },
          {
            name: "生涯を通じた学びの推進",
            topics: ["市民館の運営", "図書館サービス", "生涯学習講座"],
            divisions: ["教育委員会事務局生涯学習部生涯学習推進課"],
          },
        ],
      },
    ],
  },
  {
    name: "環境を守り自然と調和したまちづくり",
    directions: [
      {
        name: "地球環境を守る",
        measures: [
          {
            name: "地球温暖化対策の推進",
            topics: ["温室効果ガスの削減", "再生可能エネルギーの導入", "省エネルギー対策"],
            divisions: ["環境局地球環境推進室"],
          },
          {
            name: "循環型社会の形成",
            topics: ["ごみの減量化", "資源物の分別収集", "プラスチック製容器包装の分別"],
            divisions: ["環境局生活環境部廃棄物政策担当", "環境局生活環境部減量推進課"],
          },
        ],
      },
      {
        name: "緑と水を守り育てる",
        measures: [
          {
            name: "緑の保全と創出",
            topics: ["緑地の保全", "都市公園の整備", "多摩川の魅力づくり", "市民協働による緑化"],
            divisions: ["建設緑政局緑政部みどりの協働推進課", "建設緑政局多摩川施策推進課"],
          },
        ],
      },
    ],
  },
  {
    name: "活力にあふれ躍動するまちづくり",
    directions: [
      {
        name: "産業の活力を高める",
        measures: [
          {
            name: "中小企業の経営基盤の強化",
            topics: ["中小企業の経営支援", "創業支援", "商店街の活性化", "ものづくり産業の振興"],
            divisions: ["経済労働局産業政策部産業振興課", "経済労働局産業政策部商業振興課"],
          },
          {
            name: "誰もが働きやすい環境づくり",
            topics: ["若年者の就業支援", "キャリアサポート", "女性の再就職支援"],
            divisions: ["経済労働局労働雇用部"],
          },
        ],
      },
      {
        name: "交通網を整える",
        measures: [
          {
            name: "総合的な交通体系の構築",
            topics: ["鉄道駅のバリアフリー化", "路線バスの利便性向上", "駅前広場の整備"],
            divisions: ["まちづくり局交通政策室"],
          },
        ],
      },
    ],
  },
  {
    name: "個性と魅力が輝くまちづくり",
    directions: [
      {
        name: "都市の魅力を高め発信する",
        measures: [
          {
            name: "観光の振興と魅力の発信",
            topics: ["観光資源の活用", "産業観光", "シティプロモーション"],
            divisions: ["経済労働局産業政策部観光プロモーション推進課", "総務局シティプロモーション推進室"],
          },
          {
            name: "文化芸術の振興",
            topics: ["音楽のまちづくり", "文化施設の運営", "市民文化活動"],
            divisions: ["市民・こども局市民文化室"],
          },
        ],
      },
      {
        name: "スポーツに親しむ環境をつくる",
        measures: [
          {
            name: "市民スポーツの推進",
            topics: ["スポーツ施設の整備", "地域スポーツ活動", "障害者スポーツ"],
            divisions: ["市民・こども局市民スポーツ室"],
          },
        ],
      },
    ],
  },
  {
    name: "参加と協働による市民自治のまちづくり",
    directions: [
      {
        name: "市民自治の基盤をつくる",
        measures: [
          {
            name: "行財政改革の推進",
            topics: ["事務事業の見直し", "公共施設の有効活用", "民間活力の活用"],
            divisions: ["総務局行財政改革室"],
          },
          {
            name: "情報化の推進と情報公開",
            topics: ["電子申請", "情報セキュリティ対策", "オープンデータの推進"],
            divisions: ["総務局情報管理部ICT推進課", "総務局情報管理部行政情報課"],
          },
        ],
      },
      {
        name: "市民と協働して地域課題を解決する",
        measures: [
          {
            name: "区における地域課題の解決",
            topics: ["区民会議", "区の課題解決", "地域の担い手の育成"],
            divisions: ["市民・こども局区政推進部区調整課", "市民・こども局区政推進部区政推進課"],
          },
          {
            name: "市民活動の支援と協働の推進",
            topics: ["市民活動支援拠点", "町内会・自治会活動", "協働事業"],
            divisions: ["市民・こども局市民協働推進部協働推進課"],
          },
          {
            name: "便利で快適な区役所サービスの効率的・効果的・総合的な提供",
            topics: ["窓口サービス", "証明書発行", "区役所庁舎", "行政サービスコーナー"],
            divisions: ["市民・こども局区政推進部区調整課", "市民・こども局区政推進部区政推進課"],
          },
        ],
      },
    ],
  },
];

const MEASURE_NAME = [
  "{t}の推進",
  "{t}の充実",
  "{t}に向けた取組",
  "{t}の強化",
  "{t}と{t2}の一体的な推進",
  "{t}の取組",
  "{place}における{t}の推進",
  "{t}の再編と{t2}の充実",
];

export const PARTNERS = [
  "関係局区",
  "町内会・自治会",
  "NPO法人",
  "民間事業者",
  "地域の関係団体",
  "国・県",
  "大学",
  "社会福祉協議会",
  "各区役所",
  "学校",
  "事業者団体",
];
export const PLACES = ["各区", "市内7区", "支所・出張所", "地域", "各区役所", "市内全域", "駅周辺"];
const SOCIETY = [
  "少子高齢化の進行",
  "単身世帯の増加",
  "市民ニーズの多様化",
  "人口の増加",
  "大規模災害への懸念の高まり",
  "社会経済状況の変化",
  "施設の老朽化",
  "国の制度改正",
  "東日本大震災の教訓",
  "ICTの急速な普及",
];
const NEEDS = [
  "{t}の一層の充実を図る必要があります",
  "{t}のあり方について総合的な見直しを進める必要があります",
  "{p}との連携を強化する必要があります",
  "市民の利便性の向上を推進する必要があります",
  "効率的・効果的な運営体制を構築する必要があります",
  "{t2}と一体となった取組が求められています",
];
const IMPROVE = ["向上", "充実", "強化", "効率化", "適正化", "円滑化"];
const ACTIONS = [
  "{p}と連携した取組",
  "{t2}の整備",
  "市民への周知・啓発",
  "モデル事業の実施",
  "施設の計画的な改修",
  "相談体制の見直し",
  "担い手の育成",
  "{t2}に関する情報発信",
];
const ACTIONS_DONE = [
  "取組方針を策定",
  "モデル事業を実施",
  "説明会を{times}開催",
  "施設の改修工事を実施",
  "実態調査を実施",
  "パブリックコメントを実施",
  "ガイドラインを改定",
  "{place}で出前講座を{times}実施",
];
const GOALS = [
  "誰もが安心して暮らせる地域社会の実現",
  "市民満足度の向上",
  "持続可能な運営体制の確立",
  "市民の利便性の向上",
  "地域の課題を地域で解決できる仕組みの構築",
];
/** Only measures that read naturally as a percentage, since sentences put {pct} after them. */
const METRICS = ["満足度", "認知度", "実施率", "利用率", "達成率"];

const SENTENCES = {
  problems: [
    "{t}については、{soc}により、{need}。",
    "{t}に関する相談件数は{pastYear}年度に{count}となり、{t2}への対応が課題となっています。",
    "{t}は{place}ごとに取組状況が異なり、市民にとって分かりにくい状況となっています。",
    "{t2}の担い手が不足しており、{need}。",
    "{soc}に伴い、{t}に対する需要が年々増加しています（{pastYear}年度末時点で{count}）。",
    "{t}の実施状況は{pct}にとどまっており、{need}。",
  ],
  outline: [
    "「{t}推進計画」に基づき、{t}の{imp}を図ります。",
    "{t}の{imp}を図るため、{act}を進めます。",
    "{p}との協働により、{t2}の仕組みづくりを進めます。",
    "{t}について、{place}における拠点機能を順次強化します。",
    "{t2}については、{act}を進めるとともに、今後のあり方について検討を行います。",
    "市民の利便性向上のため、{t}と{t2}の一体的な運用を図ります。",
  ],
  targets: [
    "{endYear}年度までに{t}の{metric}を{pct}とすることをめざします。",
    "{t}の{imp}を図り、{goal}をめざします。",
    "{t2}について、{p}と連携しながら着実に取組を進めます。",
    "{t}に関する取組を{place}で展開し、{goal}につなげます。",
  ],
  achievements: [
    "{t}について、{p}と連携し、{done}しました。",
    "{t}の{metric}は{pctFrom}から{pctTo}へと前年に比べ{points}ポイント程度伸びました。",
    "{t2}に関する講座を{times}開催し、延べ{people}が参加しました。",
    "{year}年{month}月に「{t}推進計画」を策定し、{act}に着手しました。",
    "{place}において{t2}の取組を進め、{count}の相談に対応しました。",
    "{t}の{imp}に向けて、{done}しました。",
  ],
  remainingIssues: [
    "{soc}に伴い、{t}への需要が今後さらに高まることが見込まれるため、{need}。",
    "{t2}については、国の動向を注視しながら引続き検討を進めていく必要があります。",
    "{t}の認知度は{pct}にとどまっており、更なる周知が必要です。",
    "{soc}を踏まえ、{t2}のあり方を見直す必要があります。",
  ],
  future: [
    "{t}については、{p}と連携しながら、{act}を進めます。",
    "{t2}の{imp}に向けて、{nextYear}年度以降も引続き取組を推進します。",
    "「{t}推進計画」に基づき、{act}を着実に実施します。",
    "{t}のあり方については、{soc}を踏まえて検討します。",
    "{place}における{t2}の取組を拡充し、{goal}をめざします。",
  ],
  lead: [
    "{pastYear}年{month}月に「{t}に関する基本方針」をとりまとめ、次の課題を整理しました。",
    "{soc}を背景に、{t}を取り巻く状況は大きく変化しています。",
    "本施策では、{t}と{t2}を柱として取組を進めます。",
  ],
} as const;

const REASONS: Record<(typeof GRADES)[number], readonly string[]> = {
  AⅠ: [
    "{t}について計画どおり取組を進め、目標を達成したため。",
    "{t}の取組が順調に進み、{t2}も予定どおり実施できたため。",
  ],
  AⅡ: [
    "{t}の取組は概ね計画どおり進んでいますが、{t2}について新たな課題が生じているため。",
    "{t}は順調に推進しましたが、{soc}により新たな対応が必要となったため。",
  ],
  B: ["{t}は一定程度推進したものの、{t2}の取組に遅れが生じたため。", "{t}の{metric}が目標を下回ったため。"],
  C: [
    "{t}の取組が進んでおらず、目標を大きく下回ったため。",
    "{t2}の調整が難航し、予定していた取組を実施できなかったため。",
  ],
};

const CONNECTIVES = ["また、", "さらに、", "あわせて、", "加えて、"];

const GLOSSARY: readonly (readonly [string, string])[] = [
  [
    "地域包括ケアシステム",
    "高齢者等が住み慣れた地域で自分らしい暮らしを続けられるよう、住まい・医療・介護・予防・生活支援が一体的に提供される仕組みのことです。",
  ],
  ["自主防災組織", "町内会・自治会などを単位として、住民が自主的に結成する防災活動のための組織のことです。"],
  [
    "待機児童",
    "保育所への入所を申し込み、入所の要件を満たしているにもかかわらず、入所できない状態にある児童のことです。",
  ],
  [
    "コンビニ交付",
    "住民票の写しや印鑑登録証明書などを、コンビニエンスストアに設置された多機能端末で取得できるサービスのことです。",
  ],
  [
    "マイナンバー制度",
    "住民票を有する全ての方に12桁の個人番号を付し、社会保障・税・災害対策の分野で情報を連携する制度のことです。",
  ],
  [
    "特定健康診査",
    "40歳から74歳までの医療保険加入者を対象とした、メタボリックシンドロームに着目した健康診査のことです。",
  ],
  ["行政サービスコーナー", "駅の周辺などに設置し、住民票の写しなどの証明書を発行する窓口のことです。"],
  ["区民会議", "区民の参加により、区における地域課題の解決に向けた調査審議を行う会議のことです。"],
  [
    "パブリックコメント",
    "市の計画等を策定する際に、案を公表して市民から意見を募集し、その意見を考慮して決定する手続のことです。",
  ],
  ["バリアフリー", "高齢者や障害者などが社会生活を送るうえで障壁となるものを取り除くことです。"],
  ["長寿命化", "施設の予防保全を計画的に行うことで、施設を従来より長く使用できるようにすることです。"],
  ["指定管理者制度", "公の施設の管理運営を、民間事業者やNPO法人などを含む団体に行わせる制度のことです。"],
  [
    "PDCAサイクル",
    "計画（Plan）、実行（Do）、評価（Check）、改善（Action）を繰り返し、業務を継続的に改善する手法のことです。",
  ],
  ["オープンデータ", "行政が保有するデータを、誰もが二次利用できる形式で公開することです。"],
  ["温室効果ガス", "二酸化炭素やメタンなど、地球の気温を上昇させる効果を持つ気体のことです。"],
  [
    "民生委員・児童委員",
    "厚生労働大臣から委嘱され、地域において住民の立場に立って相談に応じ、必要な援助を行う方のことです。",
  ],
  [
    "帰宅困難者",
    "大規模地震などにより交通機関が停止した際に、自宅までの距離が遠く、徒歩で帰宅することが困難な方のことです。",
  ],
  ["認知症サポーター", "認知症について正しく理解し、認知症の方やその家族を温かく見守る応援者のことです。"],
  ["シティプロモーション", "まちの魅力を市内外に効果的に発信し、都市イメージの向上を図る取組のことです。"],
  [
    "ユニバーサルデザイン",
    "年齢、性別、国籍、障害の有無などにかかわらず、誰もが利用しやすいように配慮した設計のことです。",
  ],
  [
    "ファシリティマネジメント",
    "施設を経営資源として捉え、総合的かつ長期的な視点から最適な管理運営を行う手法のことです。",
  ],
  ["協働", "市民と行政などが、共通の目的のためにそれぞれの役割と責任を担い、協力して取り組むことです。"],
];
const GLOSSARY_EXTRA = [
  "本市では{pastYear}年度から取組を進めています。",
  "詳しくは市のホームページ（「{t}」のページ）をご覧ください。",
  "{place}の窓口でも案内しています。",
];

const PROJECT_NAMES = [
  "{t}事業",
  "{t2}推進事業",
  "{t}に関する普及啓発事業",
  "{place}における{t2}の運営",
  "{t}基盤整備事業",
  "{t2}支援事業",
  "{t}の調査・検討",
  "{t2}連携事業",
  "{t}運営事業",
  "{t}の再編",
];
const ACHIEVEMENTS: readonly (readonly [string, number])[] = [
  ["1 目標を大きく上回って達成", 1],
  ["2 目標を上回って達成", 3],
  ["3 ほぼ目標どおり", 8],
  ["4 目標を下回った", 2],
  ["5 目標を大きく下回った", 1],
];

interface IndicatorKind {
  name: string;
  unit: string;
  direction: (typeof DIRECTIONS)[number];
  /** Range of the baseline level. */
  min: number;
  max: number;
  /** Percentages and averages may carry one decimal. */
  decimals: boolean;
}
const INDICATOR_KINDS: readonly IndicatorKind[] = [
  {
    name: "{t}に関する相談件数",
    unit: "件",
    direction: "大きいほどよい",
    min: 300,
    max: 20000,
    decimals: false,
  },
  {
    name: "{t}の講座・イベントへの参加者数",
    unit: "人",
    direction: "大きいほどよい",
    min: 200,
    max: 15000,
    decimals: false,
  },
  { name: "{t}に対する市民満足度", unit: "%", direction: "大きいほどよい", min: 30, max: 70, decimals: true },
  {
    name: "{t}に関する説明会等の開催回数",
    unit: "回",
    direction: "大きいほどよい",
    min: 5,
    max: 80,
    decimals: false,
  },
  {
    name: "{t}の窓口における平均待ち時間",
    unit: "分",
    direction: "小さいほどよい",
    min: 10,
    max: 60,
    decimals: true,
  },
  {
    name: "{t}に関する苦情件数",
    unit: "件",
    direction: "小さいほどよい",
    min: 20,
    max: 900,
    decimals: false,
  },
  { name: "{t}の実施か所数", unit: "か所", direction: "大きいほどよい", min: 5, max: 150, decimals: false },
  { name: "{t}の整備率", unit: "%", direction: "大きいほどよい", min: 20, max: 80, decimals: true },
  {
    name: "{t}の利用者数（年間）",
    unit: "人",
    direction: "大きいほどよい",
    min: 1000,
    max: 500000,
    decimals: false,
  },
  { name: "{t}の認知度", unit: "%", direction: "大きいほどよい", min: 15, max: 60, decimals: true },
  {
    name: "{t}に関する事故件数",
    unit: "件",
    direction: "小さいほどよい",
    min: 30,
    max: 3000,
    decimals: false,
  },
  {
    name: "全体に占める{t}の利用割合（{place}）",
    unit: "%",
    direction: "大きいほどよい",
    min: 5,
    max: 40,
    decimals: false,
  },
];
const INDICATOR_PURPOSES = [
  "{t}の{imp}を図るため",
  "{soc}に対応するため",
  "{goal}に向けて",
  "{p}と連携して{t2}を進めるため",
];

// ---------------------------------------------------------------------------------------------------------
// Sheet generation

export type LengthProfile = "short" | "normal" | "long";

export interface GenerateOptions {
  count: number;
  seed: number;
  /** The evaluation year of most sheets (about 1 in 10 is a year earlier). */
  year?: number;
  /**
   * The folder the files will be written to. When it is inside the project, each sheet gets a `$schema`
   * pointing at schemas/sheet-1.schema.json relative to its file; elsewhere `$schema` is left out so the files
   * stay portable.
   */
  outDir?: string;
  /**
   * `realistic` (default): sheets like the city's usual ones. `hard`: each sheet also carries what real sheets
   * hold that is hard to print (issue 14): indicators over different year ranges (one reaching back before the
   * plan, up to 12 years), values kept to 1–3 decimal places, texts in number cells (`集計中`, `−`), long units
   * (`万t-CO2`), many projects (tables over a page break), ranges with `～` and ASCII brackets in texts.
   */
  profile?: GenProfile;
}

export type GenProfile = "realistic" | "hard";
export const GEN_PROFILES: readonly GenProfile[] = ["realistic", "hard"];

export interface GeneratedSheet {
  /** `<evaluationYear>/<code>.json`, relative to the output folder, with `/` separators. */
  path: string;
  profile: LengthProfile;
  data: SheetData;
}

/** The plan period holding `year`: 第k期実行計画 over PLAN_LENGTH years from PLAN_BASE_YEAR. */
export function planFor(year: number): SheetData["plan"] {
  const k = Math.floor((year - PLAN_BASE_YEAR) / PLAN_LENGTH) + 1;
  const startYear = PLAN_BASE_YEAR + (k - 1) * PLAN_LENGTH;
  return { name: `第${k}期実行計画`, startYear, endYear: startYear + PLAN_LENGTH - 1 };
}

/** `1234567` → `1,234,567`, without Intl so the output never depends on the runtime's locale data. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `$schema` for a file at `fileAbs`, or undefined when the file lies outside the project. */
export function schemaRef(fileAbs: string, schemaFile = SCHEMA_FILE): string | undefined {
  const fromRoot = path.relative(PROJECT_ROOT, path.resolve(fileAbs));
  if (fromRoot.startsWith("..") || path.isAbsolute(fromRoot)) return undefined;
  return path
    .relative(path.dirname(path.resolve(fileAbs)), schemaFile)
    .split(path.sep)
    .join("/");
}

/** The exact bytes written for a sheet: 2-space JSON and a final newline, like data/. */
export function sheetJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

interface Context {
  rng: Rng;
  topic: string;
  topics: readonly string[];
  evaluationYear: number;
  plan: SheetData["plan"];
}

/** Replaces `{slot}`s, recursively, since some vocabulary itself holds slots. */
function fill(template: string, ctx: Context, depth = 0): string {
  if (depth > 4) throw new Error(`template nests too deep: ${template}`);
  const { rng } = ctx;
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    const value = slotValue(slot, ctx);
    return value.includes("{") ? fill(value, ctx, depth + 1) : value;
  });

  function slotValue(slot: string, c: Context): string {
    const pastYear = () => rng.int(c.plan.startYear - 1, c.evaluationYear);
    switch (slot) {
      case "t":
        return c.topic;
      case "t2": {
        const others = c.topics.filter((t) => t !== c.topic);
        return others.length > 0 ? rng.pick(others) : c.topic;
      }
      case "p":
        return rng.pick(PARTNERS);
      case "place":
        return rng.pick(PLACES);
      case "soc":
        return rng.pick(SOCIETY);
      case "need":
        return rng.pick(NEEDS);
      case "imp":
        return rng.pick(IMPROVE);
      case "act":
        return rng.pick(ACTIONS);
      case "done":
        return rng.pick(ACTIONS_DONE);
      case "goal":
        return rng.pick(GOALS);
      case "metric":
        return rng.pick(METRICS);
      case "pastYear":
        return String(pastYear());
      case "year":
        return String(c.evaluationYear);
      case "endYear":
        return String(c.plan.endYear);
      case "nextYear":
        return String(c.evaluationYear + 1);
      case "month":
        return String(rng.int(1, 12));
      case "count":
        return `${groupDigits(Math.round(10 ** (2 + rng.float() * 2.5)))}件`;
      case "people":
        return `${groupDigits(Math.round(10 ** (2 + rng.float() * 2.3)))}人`;
      case "times":
        return `${rng.int(2, 48)}回`;
      case "pct":
        return `${rng.int(10, 95)}%`;
      case "points":
        return String(rng.int(1, 9));
      case "pctFrom":
      case "pctTo": {
        // Both numbers of one sentence are drawn together when pctFrom is met, so "from" < "to".
        return `${rng.int(10, 90)}%`;
      }
      default:
        throw new Error(`unknown slot {${slot}}`);
    }
  }
}

/**
 * One sentence, with the occasional "from x% to y%" kept consistent. Templates not yet used in the block are
 * preferred and exact repeats retried, so a block does not say the same thing twice in a row.
 */
function sentence(templates: readonly string[], ctx: Context, used?: Set<string>): string {
  const fresh = used ? templates.filter((t) => !used.has(t)) : [];
  const pool = fresh.length > 0 ? fresh : templates;
  let text = "";
  for (let tries = 0; tries < 6; tries++) {
    const template = ctx.rng.pick(pool);
    if (template.includes("{pctFrom}")) {
      const from = ctx.rng.int(10, 85);
      const points = ctx.rng.int(1, 9);
      text = fill(
        template
          .replace("{pctFrom}", `${from}%`)
          .replace("{pctTo}", `${from + points}%`)
          .replace("{points}", String(points)),
        ctx,
      );
    } else text = fill(template, ctx);
    if (!used?.has(text)) {
      used?.add(template);
      used?.add(text);
      break;
    }
  }
  return text;
}

/** A bullet: one sentence, or for longer texts two or three joined by a connective. */
function bullet(templates: readonly string[], ctx: Context, sentences: number, used: Set<string>): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const s = sentence(templates, ctx, used);
    parts.push(i === 0 ? s : `${ctx.rng.pick(CONNECTIVES)}${s}`);
  }
  return parts.join("");
}

interface BlockShape {
  min: number;
  max: number;
}
const SHAPES: Record<LengthProfile, Record<string, BlockShape>> = {
  short: {
    problems: { min: 1, max: 2 },
    outline: { min: 1, max: 2 },
    targets: { min: 1, max: 1 },
    achievements: { min: 1, max: 2 },
    remainingIssues: { min: 1, max: 1 },
    reason: { min: 1, max: 1 },
    future: { min: 1, max: 2 },
  },
  normal: {
    problems: { min: 2, max: 5 },
    outline: { min: 3, max: 6 },
    targets: { min: 2, max: 4 },
    achievements: { min: 3, max: 5 },
    remainingIssues: { min: 1, max: 2 },
    reason: { min: 1, max: 2 },
    future: { min: 2, max: 4 },
  },
  long: {
    problems: { min: 6, max: 10 },
    outline: { min: 8, max: 14 },
    targets: { min: 4, max: 8 },
    achievements: { min: 8, max: 14 },
    remainingIssues: { min: 3, max: 6 },
    reason: { min: 2, max: 4 },
    future: { min: 4, max: 8 },
  },
};

function textBlock(
  key: keyof typeof SENTENCES,
  shapeKey: string,
  ctx: Context,
  profile: LengthProfile,
  options: {
    leadChance?: number;
    templates?: readonly string[];
    maxOut?: boolean;
    oneSentence?: boolean;
  } = {},
): TextBlock {
  const { rng } = ctx;
  const shape = SHAPES[profile][shapeKey];
  if (!shape) throw new Error(`no shape for ${shapeKey}`);
  const n = options.maxOut ? LIMITS.bullets : rng.int(shape.min, shape.max);
  const templates = options.templates ?? SENTENCES[key];
  const items: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const sentences = options.oneSentence
      ? 1
      : profile === "long"
        ? rng.int(2, 3)
        : profile === "short"
          ? 1
          : rng.weighted([
              [1, 1],
              [2, 1],
            ] as const);
    items.push(bullet(templates, ctx, sentences, used));
  }
  const block: TextBlock = {};
  if (rng.chance(options.leadChance ?? 0.1)) block.lead = sentence(SENTENCES.lead, ctx);
  block.items = items;
  return block;
}

function indicators(ctx: Context, profile: LengthProfile): NonNullable<SheetData["indicators"]> {
  const { rng, plan, evaluationYear } = ctx;
  const count =
    profile === "short"
      ? rng.weighted([
          [0, 2],
          [1, 1],
        ] as const)
      : profile === "long"
        ? rng.weighted([
            [2, 1],
            [3, 2],
          ] as const)
        : rng.weighted([
            [0, 2],
            [1, 5],
            [2, 3],
            [3, 2],
          ] as const);
  return rng.sample(INDICATOR_KINDS, count).map((kind) => {
    const base = kind.min + rng.float() * (kind.max - kind.min);
    const better = kind.direction === "大きいほどよい" ? 1 : -1;
    const step = base * (0.02 + rng.float() * 0.08) * better;
    const round = (v: number) => {
      const r = kind.decimals && rng.chance(0.4) ? Math.round(v * 10) / 10 : Math.round(v);
      return kind.unit === "%" ? Math.min(100, Math.max(0, r)) : Math.max(0, r);
    };
    // The baseline row (the year before the plan) prints without values, as on the seed.
    const years: NonNullable<SheetData["indicators"]>[number]["years"] = [{ year: plan.startYear - 1 }];
    for (let y = plan.startYear; y <= plan.endYear; y++) {
      const i = y - plan.startYear + 1;
      const row: (typeof years)[number] = { year: y };
      if (!rng.chance(0.08)) row.plan = round(base + step * i);
      const missingActual = y === evaluationYear ? rng.chance(0.15) : rng.chance(0.05);
      if (y <= evaluationYear && !missingActual)
        row.actual = round(base + step * i * (0.6 + rng.float() * 0.8));
      years.push(row);
    }
    const name = fill(kind.name, ctx);
    let description: string | undefined;
    if (!rng.chance(0.1)) {
      const aim =
        kind.direction === "大きいほどよい"
          ? rng.pick(["向上", "増加", "拡大"])
          : rng.pick(["減少", "縮減", "短縮"]);
      description = `${fill(rng.pick(INDICATOR_PURPOSES), ctx)}、${name}の${aim}をめざします。`;
    }
    const direction = rng.chance(0.05) ? undefined : kind.direction;
    const ind: NonNullable<SheetData["indicators"]>[number] = {
      name,
      ...(description ? { description } : {}),
      ...(direction ? { direction } : {}),
      unit: kind.unit,
      years,
    };
    return ind;
  });
}

function budget(ctx: Context): SheetData["budget"] {
  const { rng, plan, evaluationYear } = ctx;
  // From a few million yen to several billion: thousand-yen figures of 4 to 7 digits.
  const level = Math.round(10 ** (3.5 + rng.float() * 3.3));
  const none = rng.chance(0.03);
  const amount = (factor: number) => (none ? 0 : Math.max(0, Math.round(level * factor)));
  const years: SheetData["budget"]["years"] = [];
  let current = 1;
  for (let y = plan.startYear; y <= plan.endYear; y++) {
    current *= 0.8 + rng.float() * 0.45;
    const budgetAmount = amount(current);
    const planned = () => ({ kind: "計画事業費", amount: amount(current * (0.9 + rng.float() * 0.3)) });
    const budgeted = { kind: "予算", amount: budgetAmount };
    let amounts: SheetData["budget"]["years"][number]["amounts"];
    if (y < evaluationYear) {
      const settled = { kind: "決算", amount: amount(current * (0.8 + rng.float() * 0.25)) };
      amounts =
        y === plan.startYear || rng.chance(0.3) ? [budgeted, settled] : [planned(), budgeted, settled];
    } else if (y === evaluationYear) {
      const expected = { kind: "決算見込", amount: amount(current * (0.9 + rng.float() * 0.12)) };
      amounts = rng.chance(0.85) ? [planned(), budgeted, expected] : [budgeted, expected];
    } else {
      amounts = rng.chance(0.6) ? [planned()] : [planned(), budgeted];
    }
    years.push({ year: y, amounts });
  }
  return { years };
}

function grade(rng: Rng): (typeof GRADES)[number] {
  return rng.weighted([
    ["AⅠ", 30],
    ["AⅡ", 45],
    ["B", 20],
    ["C", 5],
  ] as const);
}

function projects(ctx: Context, profile: LengthProfile): NonNullable<SheetData["projects"]> {
  const { rng } = ctx;
  const n = profile === "long" ? rng.int(8, 12) : profile === "short" ? rng.int(1, 2) : rng.int(1, 7);
  const withAchievement = profile === "long" || rng.chance(0.4);
  const seen = new Set<string>();
  const out: NonNullable<SheetData["projects"]> = [];
  for (let i = 0; i < n; i++) {
    let name = fill(rng.pick(PROJECT_NAMES), ctx);
    for (let tries = 0; seen.has(name) && tries < 8; tries++) name = fill(rng.pick(PROJECT_NAMES), ctx);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(
      withAchievement && rng.chance(0.9) ? { name, achievement: rng.weighted(ACHIEVEMENTS) } : { name },
    );
  }
  return out;
}

function glossary(ctx: Context, profile: LengthProfile): SheetData["glossary"] {
  const { rng } = ctx;
  const n =
    profile === "long"
      ? rng.int(4, 8)
      : profile === "short"
        ? 0
        : rng.weighted([
            [0, 5],
            [1, 2],
            [2, 2],
            [3, 1],
            [5, 1],
          ] as const);
  if (n === 0) return undefined;
  return rng.sample(GLOSSARY, n).map(([term, explanation]) => ({
    term,
    explanation:
      profile === "long"
        ? `${explanation}${fill(rng.pick(GLOSSARY_EXTRA), ctx)}${fill(rng.pick(GLOSSARY_EXTRA), ctx)}`
        : explanation,
  }));
}

interface CodeState {
  /** Measures issued so far per policy/direction/basic-measure prefix. */
  next: Map<string, number>;
}

/** `PDB` + serial: policy, direction and basic measure digits, then a 2-digit serial and 3 digits for overflow. */
function nextCode(state: CodeState, prefix: string): string {
  const n = state.next.get(prefix) ?? 0;
  state.next.set(prefix, n + 1);
  const serial = (n % 99) + 1;
  const overflow = Math.floor(n / 99);
  if (overflow > 999) throw new Error(`too many measures under ${prefix}`);
  return `${prefix}${String(serial).padStart(2, "0")}${String(overflow).padStart(3, "0")}`;
}

function generateOne(seed: number, index: number, year: number, codes: CodeState): GeneratedSheet {
  const rng = new Rng(mix32(seed ^ mix32(index + 0x9e3779b9)));
  const profile: LengthProfile = rng.weighted([
    ["long", 10],
    ["short", 8],
    ["normal", 82],
  ] as const);
  const evaluationYear = rng.chance(0.9) ? year : year - 1;
  const plan = planFor(evaluationYear);

  const p = rng.int(0, POLICIES.length - 1);
  const policy = POLICIES[p] as Policy;
  const d = rng.int(0, policy.directions.length - 1);
  const direction = policy.directions[d] as Direction;
  const b = rng.int(0, direction.measures.length - 1);
  const basic = direction.measures[b] as BasicMeasure;
  const topic = rng.pick(basic.topics);
  const ctx: Context = { rng, topic, topics: basic.topics, evaluationYear, plan };

  const code = nextCode(codes, `${p + 1}${d + 1}${b + 1}`);
  const division = rng.pick(basic.divisions);

  const grades: SheetData["results"]["evaluation"]["grades"] = [];
  for (let y = plan.startYear; y <= evaluationYear; y++) grades.push({ year: y, grade: grade(rng) });
  const lastGrade = grades[grades.length - 1]?.grade ?? "AⅡ";
  // About one long sheet in four fills a block to the bullet limit, to exercise the schema's edge.
  const maxOut = profile === "long" && rng.chance(0.25) ? rng.pick(["outline", "achievements"]) : undefined;

  // Marked as a sample where it is printed (the heading, the book's contents), as 評価表(2)'s samples are: the
  // codes look like the city's own, so the name says that no measure of the city is meant.
  const measure = { code, name: `${fill(rng.pick(MEASURE_NAME), ctx)}${SAMPLE_MARK}` };
  const overview: SheetData["overview"] = {
    problems: textBlock("problems", "problems", ctx, profile, { leadChance: 0.3 }),
    outline: textBlock("outline", "outline", ctx, profile, { maxOut: maxOut === "outline" }),
    targets: textBlock("targets", "targets", ctx, profile),
  };
  const results: SheetData["results"] = {
    achievements: textBlock("achievements", "achievements", ctx, profile, {
      maxOut: maxOut === "achievements",
    }),
    remainingIssues: textBlock("remainingIssues", "remainingIssues", ctx, profile, { leadChance: 0 }),
    evaluation: {
      grades,
      reason: textBlock("future", "reason", ctx, profile, {
        leadChance: 0,
        templates: REASONS[lastGrade],
        oneSentence: true,
      }),
    },
  };
  const futureDirection = textBlock("future", "future", ctx, profile, { leadChance: 0.05 });
  const allDivisions = POLICIES.flatMap((pol) =>
    pol.directions.flatMap((dir) => dir.measures.flatMap((m) => m.divisions)),
  ).filter((div, i, all) => div !== division && all.indexOf(div) === i);
  const related = rng.chance(0.25) ? rng.sample(allDivisions, rng.int(1, 3)) : undefined;
  const priority = rng.chance(0.3) ? true : undefined;
  const inds = indicators(ctx, profile);
  const budgetData = budget(ctx);
  const projectList = projects(ctx, profile);
  const gloss = glossary(ctx, profile);

  // Optional fields go in the seed's key order, so generated files read like data/.
  const data: SheetData = {
    form: "sheet-1",
    evaluationYear,
    measure,
    division,
    basicPolicy: policy.name,
    policyDirection: direction.name,
    basicMeasure: basic.name,
    ...(related ? { relatedDivisions: related } : {}),
    ...(priority ? { priority } : {}),
    plan,
    overview,
    results,
    futureDirection,
    ...(inds.length > 0 ? { indicators: inds } : {}),
    budget: budgetData,
    projects: projectList,
    ...(gloss ? { glossary: gloss } : {}),
  };
  return { path: `${evaluationYear}/${code}.json`, profile, data };
}

const HARD_UNITS = [
  "万t-CO2",
  "ｋｍ²／千世帯当たり人数",
  "件/10万人",
  "千人当たり件数",
  "t-CO2/年",
  "%",
] as const;
const HARD_TEXTS = ["集計中", "調査中", "−", "未確定"] as const;
const HARD_SENTENCES = [
  "受付時間は平日8時30分～17時15分<土日・祝日を除く>です。",
  "対象期間は{y0}年4月～{y1}年3月[速報値]で、<暫定>の集計です。",
  "実施状況は(詳細は別紙{y1}年度版を参照)のとおりで、目標値{y0}〜{y1}年度を見直します。",
] as const;

/** The hard cases of issue 14 on top of a realistic sheet (always valid). */
function harden(data: SheetData, rng: Rng): void {
  const { plan, evaluationYear } = data;
  const firstYear = Math.max(MIN_GEN_YEAR - 5, plan.startYear - rng.int(3, 8));
  const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const value = (decimals: number, base: number) =>
    Number((base * (0.8 + rng.float() * 0.4)).toFixed(decimals));
  const count = rng.int(2, 3);
  const indicators: NonNullable<SheetData["indicators"]> = [];
  for (let n = 0; n < count; n++) {
    const from = n === 0 ? Math.max(firstYear, plan.endYear - 11) : plan.startYear - (n === 1 ? 1 : 0);
    const decimals = rng.int(0, 3);
    const base = 10 ** rng.int(0, 4);
    const years = span(from, plan.endYear).map((year) => {
      const row: NonNullable<SheetData["indicators"]>[number]["years"][number] = { year };
      if (year === from && n > 0) return row;
      row.plan = value(decimals, base);
      if (year < evaluationYear) row.actual = value(decimals, base);
      else if (year === evaluationYear) row.actual = rng.pick(HARD_TEXTS);
      return row;
    });
    if (rng.chance(0.5) && years[1]) years[1].plan = "−";
    indicators.push({
      name: `${data.measure.name.slice(0, 20)}に関する指標その${n + 1}`,
      description: fillYears(rng.pick(HARD_SENTENCES), plan),
      direction: rng.chance(0.5) ? "大きいほどよい" : "小さいほどよい",
      unit: HARD_UNITS[(n + rng.int(0, HARD_UNITS.length - 1)) % HARD_UNITS.length] ?? "%",
      decimals,
      years,
    });
  }
  data.indicators = indicators;
  const lastYear = data.budget.years.at(-1);
  const lastAmount = lastYear?.amounts.at(-1);
  if (lastAmount) lastAmount.amount = rng.pick(HARD_TEXTS);
  const projects = data.projects ?? [];
  const projectCount = 40 + rng.int(0, 20);
  for (let i = projects.length; i < projectCount; i++)
    projects.push({
      name: `${data.basicMeasure.slice(0, 30)}に係る事務事業その${i + 1}(${plan.startYear}～${plan.endYear}年度)`,
      achievement: rng.pick(["目標を達成", "目標をほぼ達成", "<一部未達成>", "集計中(速報値)"]),
    });
  data.projects = projects;
  const items = data.results.achievements.items ?? [];
  items.push(fillYears(rng.pick(HARD_SENTENCES), plan));
  data.results.achievements.items = items.slice(0, 20);
}

function fillYears(text: string, plan: SheetData["plan"]): string {
  return text.replaceAll("{y0}", String(plan.startYear)).replaceAll("{y1}", String(plan.endYear));
}

/** What every sample measure's name ends in. */
export const SAMPLE_MARK = "(サンプル)";

export function checkOptions(options: GenerateOptions): void {
  const { count, seed, year = DEFAULT_YEAR } = options;
  if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT)
    throw new RangeError(`count must be an integer from 0 to ${MAX_COUNT}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError("seed must be an integer from 0 to 4294967295");
  if (!Number.isInteger(year) || year < MIN_GEN_YEAR || year > MAX_GEN_YEAR)
    throw new RangeError(`year must be an integer from ${MIN_GEN_YEAR} to ${MAX_GEN_YEAR}`);
  if (options.profile !== undefined && !GEN_PROFILES.includes(options.profile))
    throw new RangeError(`profile must be one of ${GEN_PROFILES.join(", ")}`);
}

/** `count` sheets for `seed`; sheet i is the same whatever `count` is. */
export function generateSheets(options: GenerateOptions): GeneratedSheet[] {
  checkOptions(options);
  const { count, seed, year = DEFAULT_YEAR, outDir, profile = "realistic" } = options;
  const codes: CodeState = { next: new Map() };
  const sheets: GeneratedSheet[] = [];
  for (let i = 0; i < count; i++) {
    const sheet = generateOne(seed, i, year, codes);
    // Its own stream of numbers, so a realistic sheet i stays the same bytes whatever the profile.
    if (profile === "hard") harden(sheet.data, new Rng(mix32(seed ^ mix32(i + 0x7f4a7c15))));
    const ref = outDir === undefined ? undefined : schemaRef(path.join(outDir, sheet.path));
    if (ref !== undefined) sheet.data = { $schema: ref, ...sheet.data };
    sheets.push(sheet);
  }
  return sheets;
}

/** Writes the sheets under `outDir` (creating year folders) and returns the absolute file paths. */
export function writeSheets(outDir: string, sheets: readonly { path: string; data: unknown }[]): string[] {
  const files: string[] = [];
  const made = new Set<string>();
  for (const sheet of sheets) {
    const file = path.join(outDir, sheet.path);
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(file, sheetJson(sheet.data));
    files.push(file);
  }
  return files;
}

/** Total length of all text on a sheet, a rough measure of how many pages it fills. */
export function textLength(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + textLength(v), 0);
  if (value && typeof value === "object")
    return Object.entries(value).reduce((s, [k, v]) => s + (k === "$schema" ? 0 : textLength(v)), 0);
  return 0;
}
