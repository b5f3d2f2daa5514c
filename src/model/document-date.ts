/**
 * The date written into PDF and workbook metadata. Never the clock: outputs must be byte-identical for the same
 * inputs. `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds convention) wins; otherwise the last day of the
 * evaluation year (fiscal years end on 31 March), in UTC.
 */
export function documentDate(year: number, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  return new Date(Date.UTC(year + 1, 2, 31));
}
