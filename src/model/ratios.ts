/** Achievement against plan: actual ÷ plan when bigger is better, plan ÷ actual when smaller is better. */
export function achievementRatio(
  plan: number | undefined,
  actual: number | undefined,
  biggerIsBetter: boolean | undefined,
): number | undefined {
  if (plan === undefined || actual === undefined || biggerIsBetter === undefined) return undefined;
  const [num, den] = biggerIsBetter ? [actual, plan] : [plan, actual];
  if (den === 0) return undefined;
  return num / den;
}

/** Share of a budget spent: settled ÷ budget. */
export function executionRatio(budget: number | undefined, settled: number | undefined): number | undefined {
  if (budget === undefined || settled === undefined || budget === 0) return undefined;
  return settled / budget;
}
