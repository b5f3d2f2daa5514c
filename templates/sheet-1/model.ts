/** The derived model of a sheet: everything a layout prints, computed once, with no I/O and no clock. */
import { eraLong, eraShort, fiscalYearWithEra } from "../../src/model/era.js";
import { achievementRatio, executionRatio } from "../../src/model/ratios.js";
import type { GRADES, Indicator, SheetData, TextBlock } from "./schema.js";

export const FORM_TITLE = "施策進行管理・評価票(1)";
export const INDICATOR_SLOTS = 3;
export const CIRCLED = ["①", "②", "③"] as const;

/** A number cell's value: a number, or a short text printed in its place (`集計中`). */
export type CellValue = number | string;

/** The number of a cell, or undefined for a text or an empty cell: texts take no part in ratios or sums. */
export function numeric(v: CellValue | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}

export interface IndicatorRow {
  year: number;
  plan?: CellValue;
  actual?: CellValue;
  /** Printed only on rows that hold a value, as the form does. */
  unit?: string;
  /** Achievement ratio (1 = 100 %), when both values and the direction are known. */
  achievement?: number;
}

export interface IndicatorSlot {
  /** 0, 1, 2 */
  index: number;
  mark: string;
  indicator?: Indicator;
  biggerIsBetter?: boolean;
  /** Decimal places the indicator's values are kept to (`decimals`), when it says. */
  decimals?: number;
  /** The indicator's own years, in order (none for an empty slot). */
  rows: IndicatorRow[];
}

export interface BudgetYear {
  year: number;
  /** `2011(H23)年度` */
  label: string;
  amounts: { kind: string; amount: CellValue }[];
  /** 決算 ÷ 予算, for a year that has both. */
  executionRate?: number;
}

export interface SheetModel {
  data: SheetData;
  formTitle: string;
  evaluationYear: number;
  /** `平成25年度` */
  evaluationYearEra: string;
  /** `第3期実行計画(2011(H23)〜2013(H25)年度)` */
  planPeriod: string;
  planYears: number[];
  /**
   * The year rows of the indicator table, one list for all three slots: every year any indicator has, in order,
   * or the plan's years with the baseline year before them when no indicator gives one.
   */
  indicatorYears: number[];
  grades: { year: number; grade?: (typeof GRADES)[number] }[];
  /** `2014年度以降の方向性` */
  futureDirectionLabel: string;
  indicatorSlots: IndicatorSlot[];
  budgetYears: BudgetYear[];
  budgetKindCount: number;
}

export const BUDGET_KIND = "予算";
export const SETTLED_KIND = "決算";

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

export function isEmptyText(block: TextBlock | undefined): boolean {
  return !block || (block.lead === undefined && (block.items?.length ?? 0) === 0);
}

export function derive(data: SheetData): SheetModel {
  const { plan } = data;
  const planYears = range(plan.startYear, plan.endYear);
  const gradeByYear = new Map(data.results.evaluation.grades.map((g) => [g.year, g.grade]));
  const indicators = data.indicators ?? [];
  // The form has one set of year rows for the three slots; an empty slot prints them with empty cells.
  const givenYears = [...new Set(indicators.flatMap((ind) => ind.years.map((r) => r.year)))].sort(
    (a, b) => a - b,
  );
  const indicatorYears = givenYears.length > 0 ? givenYears : range(plan.startYear - 1, plan.endYear);
  const indicatorSlots: IndicatorSlot[] = range(0, INDICATOR_SLOTS - 1).map((index) => {
    const indicator = indicators[index];
    const mark = CIRCLED[index] ?? "";
    if (!indicator) return { index, mark, rows: [] };
    const biggerIsBetter =
      indicator.direction === undefined ? undefined : indicator.direction === "大きいほどよい";
    const rows = indicator.years.map((r): IndicatorRow => {
      const row: IndicatorRow = { year: r.year };
      if (r.plan !== undefined) row.plan = r.plan;
      if (r.actual !== undefined) row.actual = r.actual;
      if (indicator.unit !== undefined && (r.plan !== undefined || r.actual !== undefined))
        row.unit = indicator.unit;
      const ratio = achievementRatio(numeric(r.plan), numeric(r.actual), biggerIsBetter);
      if (ratio !== undefined) row.achievement = ratio;
      return row;
    });
    return {
      index,
      mark,
      indicator,
      ...(biggerIsBetter !== undefined ? { biggerIsBetter } : {}),
      ...(indicator.decimals !== undefined ? { decimals: indicator.decimals } : {}),
      rows,
    };
  });
  const budgetYears = (data.budget?.years ?? []).map((y): BudgetYear => {
    const find = (kind: string) => numeric(y.amounts.find((a) => a.kind === kind)?.amount);
    const rate = executionRatio(find(BUDGET_KIND), find(SETTLED_KIND));
    return {
      year: y.year,
      label: fiscalYearWithEra(y.year),
      amounts: y.amounts,
      ...(rate !== undefined ? { executionRate: rate } : {}),
    };
  });
  return {
    data,
    formTitle: FORM_TITLE,
    evaluationYear: data.evaluationYear,
    evaluationYearEra: eraLong(data.evaluationYear),
    planPeriod: `${plan.name}(${plan.startYear}(${eraShort(plan.startYear)})〜${plan.endYear}(${eraShort(plan.endYear)})年度)`,
    planYears,
    indicatorYears,
    grades: planYears.map((year) => {
      const grade = gradeByYear.get(year);
      return grade ? { year, grade } : { year };
    }),
    futureDirectionLabel: `${data.evaluationYear + 1}年度以降の方向性`,
    indicatorSlots,
    budgetYears,
    budgetKindCount: budgetYears.reduce((n, y) => n + y.amounts.length, 0),
  };
}
