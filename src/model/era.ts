/**
 * Japanese era years from Western years, from a table of our own: ICU's calendar data changes with the Node
 * build, and an era label on a public document must not.
 */
export interface Era {
  name: string;
  /** Latin initial used in compact labels such as `2011(H23)年度`. */
  initial: string;
  /** First day of the era (local calendar date). */
  start: { year: number; month: number; day: number };
}

/** Newest first. */
export const ERAS: readonly Era[] = [
  { name: "令和", initial: "R", start: { year: 2019, month: 5, day: 1 } },
  { name: "平成", initial: "H", start: { year: 1989, month: 1, day: 8 } },
  { name: "昭和", initial: "S", start: { year: 1926, month: 12, day: 25 } },
];

export interface EraYear {
  era: Era;
  /** 1 for the first (元) year. */
  year: number;
}

function dayNumber(y: number, m: number, d: number): number {
  return y * 10000 + m * 100 + d;
}

/** The era and era year of a calendar date. */
export function eraOfDate(year: number, month: number, day: number): EraYear {
  const n = dayNumber(year, month, day);
  for (const era of ERAS) {
    if (n >= dayNumber(era.start.year, era.start.month, era.start.day)) {
      return { era, year: year - era.start.year + 1 };
    }
  }
  throw new RangeError(`no era known for ${year}-${month}-${day}`);
}

/**
 * The era of a fiscal year (年度, April to March): the era in force when the year closes, counted from the
 * era's first calendar year. So 2018年度 is 平成30年度, 2019年度 (begun in 平成31) is 令和元年度.
 */
export function eraOfFiscalYear(fiscalYear: number): EraYear {
  const { era } = eraOfDate(fiscalYear + 1, 3, 31);
  return { era, year: fiscalYear - era.start.year + 1 };
}

/** `H23`, `R1`: the compact form printed in headings such as `2011(H23)年度`. */
export function eraShort(fiscalYear: number): string {
  const { era, year } = eraOfFiscalYear(fiscalYear);
  return `${era.initial}${year}`;
}

/** `平成23年度`, `令和元年度`. */
export function eraLong(fiscalYear: number): string {
  const { era, year } = eraOfFiscalYear(fiscalYear);
  return `${era.name}${year === 1 ? "元" : year}年度`;
}

/** `2011(H23)年度`. */
export function fiscalYearWithEra(fiscalYear: number): string {
  return `${fiscalYear}(${eraShort(fiscalYear)})年度`;
}
