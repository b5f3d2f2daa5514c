/**
 * The derived model of a 施策進行管理・評価表(2): the counts of sections 1 and 2 (always from the projects, never
 * typed), the year table's columns from the plan period, and each project's cells in column order. No I/O, no
 * clock.
 */
import { eraLong } from "../../src/model/era.js";
import {
  ACHIEVEMENT_LEVELS,
  type ProjectData,
  REVIEW_LEVELS,
  type SheetData,
  STATUSES,
  type Status,
} from "./schema.js";

export const FORM_TITLE = "施策進行管理・評価表(2)";

/** The wording of each scale, as the form prints it beside the level (`3 目標をほぼ達成`). */
export const ACHIEVEMENT_WORDS: Record<(typeof ACHIEVEMENT_LEVELS)[number], string> = {
  1: "目標を大きく上回って達成",
  2: "目標を上回って達成",
  3: "目標をほぼ達成",
  4: "目標を下回った",
  5: "目標を大きく下回った",
};
export const REVIEW_WORDS: Record<(typeof REVIEW_LEVELS)[number], string> = {
  5: "優る",
  4: "やや優る",
  3: "適正",
  2: "やや劣る",
  1: "劣る",
};
export const STATUS_WORDS: Record<Status, string> = {
  I: "当初の目標を上回って達成",
  II: "当初の目標どおり達成",
  III: "当初の目標を下回った",
  IV: "法制度等の改定により比較不能",
};

/** One row of a counts table: a level of a scale, how many projects have it and how many of those are 重点. */
export interface CountRow<Level extends number | string = number | string> {
  level: Level;
  /** `3 目標をほぼ達成` */
  label: string;
  projects: number;
  priority: number;
}

export interface Counts<Level extends number | string = number | string> {
  rows: CountRow<Level>[];
  total: { projects: number; priority: number };
}

/** The year table's columns: the baseline, each year of the plan, the years after it. */
export type YearColumn =
  | { kind: "baseline"; label: string }
  | { kind: "year"; year: number; label: string }
  | { kind: "after"; year: number; label: string };

export const ROW_KINDS = ["targets", "revisedTargets", "results"] as const;
export type RowKind = (typeof ROW_KINDS)[number];
export const ROW_LABELS: Record<RowKind, string> = {
  targets: "事業目標",
  revisedTargets: "実行計画と差異のある事業目標",
  results: "実績",
};

export interface ProjectModel {
  /** 1-based, in the order of the data. */
  number: number;
  data: ProjectData;
  /** Per row kind, one text (or undefined) per year column, in column order. */
  cells: Record<RowKind, (string | undefined)[]>;
}

export interface SheetModel {
  data: SheetData;
  formTitle: string;
  evaluationYear: number;
  /** `平成19年度` */
  evaluationYearEra: string;
  planYears: number[];
  yearColumns: YearColumn[];
  achievement: Counts<number>;
  validity: Counts<number>;
  effectiveness: Counts<number>;
  status: Counts<Status>;
  projects: ProjectModel[];
}

/**
 * The document's title (PDF, workbook): the measure's name when the sheet gives one (the published (2) pages do
 * not), else the form's title with the code, so that no two documents share a bare title.
 */
export function measureTitle(model: SheetModel): string {
  return model.data.measure.name ?? `${FORM_TITLE} ${model.data.measure.code}`;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

/** Counts the projects at each level of a scale, in the scale's order; levels nobody has count 0. */
export function countBy<Level extends number | string>(
  projects: readonly ProjectData[],
  levels: readonly Level[],
  levelOf: (p: ProjectData) => Level,
  words: Record<Level, string>,
): Counts<Level> {
  const rows = levels.map(
    (level): CountRow<Level> => ({ level, label: `${level} ${words[level]}`, projects: 0, priority: 0 }),
  );
  const byLevel = new Map(rows.map((r) => [r.level, r]));
  for (const p of projects) {
    const row = byLevel.get(levelOf(p));
    // The schema holds every rating to its scale; a level outside it is a bug, not data to drop quietly.
    if (!row) throw new RangeError(`level ${String(levelOf(p))} is not on the scale ${levels.join(",")}`);
    row.projects++;
    if (p.priority) row.priority++;
  }
  return {
    rows,
    total: {
      projects: rows.reduce((n, r) => n + r.projects, 0),
      priority: rows.reduce((n, r) => n + r.priority, 0),
    },
  };
}

export function yearColumns(startYear: number, endYear: number): YearColumn[] {
  return [
    { kind: "baseline", label: "現状(計画策定時)" },
    ...range(startYear, endYear).map((year): YearColumn => ({ kind: "year", year, label: `${year}年度` })),
    { kind: "after", year: endYear + 1, label: `${endYear + 1}年度以降` },
  ];
}

function rowCells(
  row: { baseline?: string; years?: { year: number; text: string }[]; after?: string } | undefined,
  columns: readonly YearColumn[],
): (string | undefined)[] {
  const byYear = new Map((row?.years ?? []).map((c) => [c.year, c.text]));
  return columns.map((c) =>
    c.kind === "baseline" ? row?.baseline : c.kind === "after" ? row?.after : byYear.get(c.year),
  );
}

export function derive(data: SheetData): SheetModel {
  const { startYear, endYear } = data.plan;
  const columns = yearColumns(startYear, endYear);
  return {
    data,
    formTitle: FORM_TITLE,
    evaluationYear: data.evaluationYear,
    evaluationYearEra: eraLong(data.evaluationYear),
    planYears: range(startYear, endYear),
    yearColumns: columns,
    achievement: countBy(data.projects, ACHIEVEMENT_LEVELS, (p) => p.achievement as 1, ACHIEVEMENT_WORDS),
    validity: countBy(data.projects, REVIEW_LEVELS, (p) => p.validity as 1, REVIEW_WORDS),
    effectiveness: countBy(data.projects, REVIEW_LEVELS, (p) => p.effectiveness as 1, REVIEW_WORDS),
    status: countBy(data.projects, STATUSES, (p) => p.status, STATUS_WORDS),
    projects: data.projects.map((p, i) => ({
      number: i + 1,
      data: p,
      cells: {
        targets: rowCells(p.targets, columns),
        revisedTargets: rowCells(p.revisedTargets, columns),
        results: rowCells(p.results, columns),
      },
    })),
  };
}
