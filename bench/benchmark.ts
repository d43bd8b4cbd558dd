/**
 * The harness every benchmark module uses. Cases are compared within one run, never across runs:
 * absolute ops/s depend on the machine and on whatever else it is doing, ratios measured side by
 * side much less so.
 */

export interface BenchmarkRow {
  case: string;
  opsPerSecond: number;
  /** Shown instead of ops/s when the case measures something else (e.g. "136.1 kB gzip"). */
  measure?: string;
  /** This case's ops/s over the baseline's, median of the per-round ratios. */
  ratio?: number;
  /** A minimum ratio this case must reach, e.g. 0.8. */
  goal?: number;
  /** Goals on figures other than the ratio (p50 ≤ 10 ms, 0 database transactions), each judged by the benchmark. */
  limits?: RowLimit[];
}

export interface RowLimit {
  /** As the Goal column shows it, e.g. "p50 ≤ 10 ms". */
  goal: string;
  isMet: boolean;
}

/** The ratio goal and the absolute ones alike, so every goal shows in the Goal column and counts in Met. */
export function goalsOf(row: BenchmarkRow): RowLimit[] {
  const ratioGoal =
    row.goal === undefined ? [] : [{ goal: `≥ ${row.goal}×`, isMet: row.ratio !== undefined && row.ratio >= row.goal }];
  return [...ratioGoal, ...(row.limits ?? [])];
}

export const missesGoal = (row: BenchmarkRow): boolean => goalsOf(row).some((goal) => !goal.isMet);

/** Rows plus Markdown printed under the table, e.g. where the time goes when a goal is not met. */
export interface BenchmarkOutcome {
  rows: BenchmarkRow[];
  notes?: string[];
}

export interface Benchmark {
  name: string;
  /** What is measured and how, for the results file. */
  description: string;
  run(): Promise<BenchmarkRow[] | BenchmarkOutcome>;
}

export interface BenchCase {
  name: string;
  /** One operation; awaited when it returns a promise, so sync baselines pay no async cost. */
  run: () => unknown;
}

/**
 * Runs the cases in rounds, each case once per round in rotating order, so a burst of background
 * load lands on every case alike instead of on whichever ran during it. Returns ops/s per round.
 */
export async function measureInterleaved(
  cases: BenchCase[],
  { rounds = 15, roundMs = 200 } = {},
): Promise<Map<string, number[]>> {
  const opsPerRound = new Map<string, number>();
  for (const benchCase of cases) opsPerRound.set(benchCase.name, await calibrate(benchCase, roundMs));

  const opsPerSecond = new Map<string, number[]>(cases.map((benchCase) => [benchCase.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = cases.map((_, index) => cases[(index + round) % cases.length]!);
    for (const benchCase of order) {
      const operations = opsPerRound.get(benchCase.name)!;
      const elapsedMs = await time(benchCase, operations);
      opsPerSecond.get(benchCase.name)!.push((operations / elapsedMs) * 1000);
    }
  }
  return opsPerSecond;
}

/** Doubles as warm-up: finds how many operations of the case take about `roundMs`. */
async function calibrate(benchCase: BenchCase, roundMs: number): Promise<number> {
  let operations = 16;
  while ((await time(benchCase, operations)) < roundMs / 2) operations *= 2;
  return operations * 2;
}

async function time(benchCase: BenchCase, operations: number): Promise<number> {
  const startedAt = performance.now();
  for (let done = 0; done < operations; done++) {
    const result = benchCase.run();
    if (result instanceof Promise) await result;
  }
  return performance.now() - startedAt;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median over rounds of `case / baseline` within the same round. */
export function medianRatio(perRound: Map<string, number[]>, caseName: string, baselineName: string): number {
  const baseline = perRound.get(baselineName)!;
  return median(perRound.get(caseName)!.map((opsPerSecond, round) => opsPerSecond / baseline[round]!));
}
