/**
 * Sample sheets of 施策進行管理・評価表(2) for `npm run gen -- --form sheet-2`: the projects under a measure, 2 to
 * 19 of them as on the published sheets, with ratings spread as real evaluations spread them. Codes start with
 * 9, which no measure of the city uses, so a sample can never be taken for a published sheet. Deterministic as
 * gen-lib.ts is: one seed, the same bytes; sheet i does not depend on how many follow it.
 *
 * `hard`: every sheet has 19 projects with long names, outlines and year cells near the schema's limits, ranges
 * with `～`, ASCII brackets and rare kanji (𠮷 only the fallback font has; 髙 﨑 鷗 齋 邉 濵), so the PDF's page
 * breaks and the glyph check are exercised.
 */
import path from "node:path";
import { PROJECT_ROOT } from "../src/paths.js";
import { LIMITS, type ProjectData, type SheetData, STATUSES } from "../templates/sheet-2/schema.js";
import {
  checkOptions,
  DEFAULT_YEAR,
  type GenerateOptions,
  mix32,
  PARTNERS,
  PLACES,
  POLICIES,
  planFor,
  Rng,
  SAMPLE_MARK,
  schemaRef,
} from "./gen-lib.js";

export const SHEET2_SCHEMA_FILE = path.join(PROJECT_ROOT, "schemas", "sheet-2.schema.json");
/** The most projects a published sheet was seen to list; the hard profile always has this many. */
export const MAX_SAMPLE_PROJECTS = 19;

export interface GeneratedSheet2 {
  /** `<evaluationYear>/<code>-2.json`, relative to the output folder: named as the form names its outputs. */
  path: string;
  data: SheetData;
}

const NAMES = [
  "{t}事業",
  "{t}推進事業",
  "{t}に関する普及啓発事業",
  "{place}における{t}の運営",
  "{t}支援事業",
  "{t}連携事業",
  "{t}運営事業",
  "{t}の調査・検討",
  "{t}基盤整備事業",
  "{t}に係る助成事業",
];
const OUTLINES = [
  "{p}と連携し、{place}において{t}に関する取組を推進する。",
  "{t}の向上を図るため、{place}で相談・情報提供を行う。",
  "市民と区役所の協働により、{t}に関する事業を{place}で実施する。",
  "{t}に取り組む団体に対し、活動費の一部を助成する。",
  "{t}の現状と課題を調査し、今後の方策を検討する。",
  "{p}との連絡会議を開催し、{t}の推進体制を整える。",
];
const BASELINES = ["{t}の推進", "未実施", "検討中", "{n}か所で実施", "年{k}回開催", "助成件数 {n}件"];
const TARGETS = [
  "継続実施",
  "実施",
  "検討",
  "制度の見直し",
  "拡充",
  "{n}か所で実施",
  "年{k}回開催",
  "助成件数 {n}件",
];
const REVISED = ["{n}か所に変更", "事業の一部見直し", "年{k}回に変更", "実施時期の変更"];
const RESULTS = [
  "計画どおり実施",
  "{n}件実施",
  "{place}で開催",
  "年{k}回開催",
  "参加者 {n}人",
  "助成件数 {n}件",
];

const HARD_NAMES = [
  "髙津区・宮﨑地区における{t}と{t2}の一体的な推進に係る事務事業(第{k}次)",
  "𠮷野地区及び鷗ヶ丘周辺における{t}の基盤整備並びに<関係団体>との連携事業",
  "齋藤記念館・邉見邸・濵町会館の{t}に関する運営及び[施設]改修事業",
];
const HARD_DIVISIONS = [
  "まちづくり局𠮷野地区整備推進室",
  "髙津区役所道路公園センター整備課",
  "宮﨑区役所地域振興課(鷗ヶ丘担当)",
];
const HARD_SENTENCES = [
  "受付時間は平日8時30分～17時15分<土日・祝日を除く>とし、{place}の窓口で相談に応じる。",
  "{y0}年4月～{y1}年3月[速報値]の実績を踏まえ、{p}と協議のうえ事業内容を見直す。",
  "実施状況は(詳細は別紙{y1}年度版を参照)のとおりで、𠮷野・髙津・宮﨑の各地区で{t}を進める。",
  "{p}と連携し、{place}において{t}に関する取組を推進するとともに、その成果を市民に広く周知する。",
];

interface Ctx {
  rng: Rng;
  topic: string;
  topics: readonly string[];
  plan: { startYear: number; endYear: number };
}

function fill(template: string, ctx: Ctx): string {
  const { rng } = ctx;
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case "t":
        return ctx.topic;
      case "t2":
        return rng.pick(ctx.topics);
      case "p":
        return rng.pick(PARTNERS);
      case "place":
        return rng.pick(PLACES);
      case "n":
        return String(rng.int(3, 250));
      case "k":
        return String(rng.int(2, 12));
      case "y0":
        return String(ctx.plan.startYear);
      case "y1":
        return String(ctx.plan.endYear);
      default:
        throw new Error(`unknown slot {${slot}}`);
    }
  });
}

/** Up to `max` characters of sentences (never cut inside one), at least one. */
function paragraph(templates: readonly string[], ctx: Ctx, max: number, target: number): string {
  let text = fill(ctx.rng.pick(templates), ctx);
  for (let tries = 0; tries < 40 && text.length < target; tries++) {
    const next = fill(ctx.rng.pick(templates), ctx);
    if (text.length + next.length > max) break;
    text += next;
  }
  return text;
}

const ACHIEVEMENT_WEIGHTS = [
  [1, 1],
  [2, 4],
  [3, 12],
  [4, 3],
  [5, 1],
] as const;
const REVIEW_WEIGHTS = [
  [5, 1],
  [4, 3],
  [3, 12],
  [2, 2],
  [1, 1],
] as const;
const STATUS_WEIGHTS = [
  [STATUSES[0], 2],
  [STATUSES[1], 10],
  [STATUSES[2], 3],
  [STATUSES[3], 1],
] as const;

/** A year row: some cells of the baseline, the plan years and (for targets) the years after. */
function yearRow(
  ctx: Ctx,
  texts: readonly string[],
  opts: { after: boolean; lastYear: number; fill: number; long: boolean },
): { baseline?: string; years?: { year: number; text: string }[]; after?: string } | undefined {
  const { rng } = ctx;
  const cell = () => (opts.long ? paragraph(HARD_SENTENCES, ctx, 100, 90) : fill(rng.pick(texts), ctx));
  const row: { baseline?: string; years?: { year: number; text: string }[]; after?: string } = {};
  // The baseline states where things stood when the plan was made, not a target: its own words.
  if (rng.chance(opts.fill)) row.baseline = opts.long ? cell() : fill(rng.pick(BASELINES), ctx);
  const years: { year: number; text: string }[] = [];
  for (let y = ctx.plan.startYear; y <= opts.lastYear; y++)
    if (rng.chance(opts.fill)) years.push({ year: y, text: cell() });
  if (years.length > 0) row.years = years;
  if (opts.after && rng.chance(opts.fill)) row.after = cell();
  return Object.keys(row).length > 0 ? row : undefined;
}

function project(
  ctx: Ctx,
  evaluationYear: number,
  division: string,
  hard: boolean,
  seen: Set<string>,
): ProjectData {
  const { rng } = ctx;
  let name = fill(rng.pick(hard ? HARD_NAMES : NAMES), ctx);
  for (let i = 2; seen.has(name); i++) name = `${fill(rng.pick(NAMES), ctx)}(その${i})`;
  seen.add(name);
  const targets = yearRow(ctx, TARGETS, {
    after: true,
    lastYear: ctx.plan.endYear,
    fill: hard ? 1 : 0.9,
    long: hard,
  });
  const revisedTargets = rng.chance(hard ? 0.6 : 0.15)
    ? yearRow(ctx, REVISED, { after: true, lastYear: ctx.plan.endYear, fill: hard ? 0.7 : 0.3, long: hard })
    : undefined;
  const results = yearRow(ctx, RESULTS, {
    after: false,
    lastYear: evaluationYear,
    fill: hard ? 1 : 0.85,
    long: hard,
  });
  return {
    name,
    division: hard ? rng.pick(HARD_DIVISIONS) : division,
    outline: hard
      ? paragraph(HARD_SENTENCES, ctx, 1000, 900)
      : paragraph(OUTLINES, ctx, 300, rng.int(30, 200)),
    achievement: rng.weighted(ACHIEVEMENT_WEIGHTS),
    ...(rng.chance(0.2) ? { priority: true } : {}),
    validity: rng.weighted(REVIEW_WEIGHTS),
    effectiveness: rng.weighted(REVIEW_WEIGHTS),
    status: rng.weighted(STATUS_WEIGHTS),
    ...(targets ? { targets } : {}),
    ...(revisedTargets ? { revisedTargets } : {}),
    ...(results ? { results } : {}),
  };
}

function generateOne(
  seed: number,
  index: number,
  year: number,
  hard: boolean,
  serials: Map<string, number>,
): GeneratedSheet2 {
  // Apart from sheet-1's streams (another constant), so adding this form changed none of its samples.
  const rng = new Rng(mix32(seed ^ mix32(index + 0x5bd1e995)));
  const evaluationYear = rng.chance(0.9) ? year : year - 1;
  const { startYear, endYear } = planFor(evaluationYear);
  const p = rng.int(0, POLICIES.length - 1);
  const policy = POLICIES[p];
  if (!policy) throw new Error("no policy");
  const d = rng.int(0, policy.directions.length - 1);
  const direction = policy.directions[d];
  if (!direction) throw new Error("no direction");
  const b = rng.int(0, direction.measures.length - 1);
  const basic = direction.measures[b];
  if (!basic) throw new Error("no basic measure");
  const prefix = `9${p + 1}${d + 1}${b + 1}`;
  const serial = (serials.get(prefix) ?? 0) + 1;
  if (serial > 9999) throw new Error(`too many sample measures under ${prefix}`);
  serials.set(prefix, serial);
  const code = `${prefix}${String(serial).padStart(4, "0")}`;
  const ctx: Ctx = { rng, topic: rng.pick(basic.topics), topics: basic.topics, plan: { startYear, endYear } };
  const count = hard
    ? MAX_SAMPLE_PROJECTS
    : rng.weighted([
        [2, 3],
        [3, 5],
        [4, 5],
        [5, 5],
        [6, 4],
        [7, 3],
        [8, 2],
        [10, 2],
        [12, 1],
        [15, 1],
        [MAX_SAMPLE_PROJECTS, 1],
      ] as const);
  const division = rng.pick(basic.divisions);
  const seen = new Set<string>();
  const projects = Array.from({ length: count }, () =>
    project(ctx, evaluationYear, rng.chance(0.6) ? division : rng.pick(basic.divisions), hard, seen),
  );
  const data: SheetData = {
    form: "sheet-2",
    evaluationYear,
    measure: { code, name: `${ctx.topic}の推進${SAMPLE_MARK}` },
    division,
    basicPolicy: policy.name,
    basicMeasure: basic.name,
    plan: { name: `第${Math.floor((startYear - 2005) / 3) + 1}期実行計画`, startYear, endYear },
    projects,
  };
  return { path: `${evaluationYear}/${code}-2.json`, data };
}

/** What a companion takes from its 評価票(1): the measure, the plan, and the projects it lists, by name. */
export interface CompanionOf {
  evaluationYear: number;
  measure: { code: string; name: string };
  division: string;
  basicPolicy: string;
  basicMeasure: string;
  plan: { name?: string; startYear: number; endYear: number };
  projects?: readonly { name: string }[];
}

/**
 * The 評価表(2) of a generated 評価票(1): the same measure, year, plan and book groups, one block for each
 * project (1) lists (its first 40, the form's limit: the build's cross-check then names the rest), so a data
 * folder of both forms builds the pairs a city publishes, and the cross-check finds nothing to say. Undefined
 * for a sheet that lists no project. `index` picks the stream, as for the other samples.
 */
export function companionSheet2(
  of: CompanionOf,
  seed: number,
  index: number,
  hard = false,
): GeneratedSheet2 | undefined {
  const names = (of.projects ?? []).slice(0, LIMITS.projects).map((p) => p.name);
  if (names.length === 0) return undefined;
  const rng = new Rng(mix32(seed ^ mix32(index + 0x2545f491)));
  const basic = POLICIES.flatMap((p) => p.directions.flatMap((d) => d.measures)).find(
    (m) => m.name === of.basicMeasure,
  );
  const topics = basic?.topics ?? [of.basicMeasure];
  const { startYear, endYear } = of.plan;
  const ctx: Ctx = { rng, topic: rng.pick(topics), topics, plan: { startYear, endYear } };
  const seen = new Set(names);
  const projects = names.map((name) => ({
    ...project(ctx, of.evaluationYear, of.division, hard, seen),
    name,
  }));
  const data: SheetData = {
    form: "sheet-2",
    evaluationYear: of.evaluationYear,
    measure: { code: of.measure.code, name: of.measure.name },
    division: of.division,
    basicPolicy: of.basicPolicy,
    basicMeasure: of.basicMeasure,
    plan: { ...(of.plan.name === undefined ? {} : { name: of.plan.name }), startYear, endYear },
    projects,
  };
  return { path: `${of.evaluationYear}/${of.measure.code}-2.json`, data };
}

/** `count` sample sheets of 施策進行管理・評価表(2); sheet i is the same whatever `count` is. */
export function generateSheet2(options: GenerateOptions): GeneratedSheet2[] {
  checkOptions(options);
  const { count, seed, year = DEFAULT_YEAR, outDir, profile = "realistic" } = options;
  const serials = new Map<string, number>();
  const sheets: GeneratedSheet2[] = [];
  for (let i = 0; i < count; i++) {
    const sheet = generateOne(seed, i, year, profile === "hard", serials);
    const ref =
      outDir === undefined ? undefined : schemaRef(path.join(outDir, sheet.path), SHEET2_SCHEMA_FILE);
    if (ref !== undefined) sheet.data = { $schema: ref, ...sheet.data };
    sheets.push(sheet);
  }
  return sheets;
}
