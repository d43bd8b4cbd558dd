/** Counts for every value of an enum, zeros included, so charts and gauges never skip a value. */
export function zeroFilledCounts<V extends string>(
  values: readonly V[],
  rows: { value: V; total: number }[],
): Record<V, number> {
  const counts = Object.fromEntries(values.map((value) => [value, 0])) as Record<V, number>;
  for (const row of rows) counts[row.value] = row.total;
  return counts;
}
