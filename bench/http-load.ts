/**
 * Load for HTTP benchmarks: autocannon driven from code, reduced to the figures a benchmark
 * reports. Only answers with the expected status count as throughput, so a server that fails fast
 * never looks fast.
 */
import autocannon from "autocannon";
import { median, medianRatio, type BenchmarkRow, type RowLimit } from "./benchmark";

export interface LoadFigures {
  /** Expected-status responses per second over the whole run. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with another status. */
  unexpected: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Every answer, expected or not. */
  requests: number;
}

export interface LoadTarget {
  name: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** 2xx by default; 304 for conditional requests. */
  expect?: "2xx" | "3xx";
}

export interface LoadOptions {
  connections: number;
  seconds: number;
}

export async function loadUnderConcurrency(
  target: LoadTarget,
  { connections, seconds }: LoadOptions,
): Promise<LoadFigures> {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? "GET",
    headers: target.headers ?? {},
    body: target.body,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  const expected = target.expect ?? "2xx";
  const statusCounts = result as unknown as Record<"1xx" | "2xx" | "3xx" | "4xx" | "5xx", number>;
  const total =
    statusCounts["1xx"] + statusCounts["2xx"] + statusCounts["3xx"] + statusCounts["4xx"] + statusCounts["5xx"];
  return {
    requestsPerSecond: statusCounts[expected] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    unexpected: total - statusCounts[expected],
    errors: result.errors,
    requests: total,
  };
}

/** Rounds per HTTP benchmark and their length: BENCH_ROUNDS and BENCH_ROUND_SECONDS shorten a run while developing. */
export const ROUNDS = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  roundSeconds: Number(process.env.BENCH_ROUND_SECONDS ?? 5),
};

export interface InterleavedLoadOptions {
  connections: number;
  rounds: number;
  roundSeconds: number;
  warmUpSeconds: number;
  /** Prefix for progress lines. */
  label: string;
}

/** Rounds in rotating order, as `measureInterleaved` does, so background load hits every target alike. */
export async function measureInterleavedLoad(
  targets: LoadTarget[],
  options: InterleavedLoadOptions,
): Promise<Map<string, LoadFigures[]>> {
  const { connections, rounds, roundSeconds, warmUpSeconds, label } = options;
  for (const target of targets) await loadUnderConcurrency(target, { connections, seconds: warmUpSeconds });
  const figures = new Map<string, LoadFigures[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, index) => targets[(index + round) % targets.length]!);
    for (const target of order) {
      const roundFigures = await loadUnderConcurrency(target, { connections, seconds: roundSeconds });
      figures.get(target.name)!.push(roundFigures);
      console.log(
        `${label}: round ${round + 1}/${rounds}, ${target.name}: ${Math.round(roundFigures.requestsPerSecond)} req/s, ` +
          `p50 ${roundFigures.p50Ms} ms, p99 ${roundFigures.p99Ms} ms, ${roundFigures.unexpected} unexpected statuses, ${roundFigures.errors} errors`,
      );
    }
  }
  return figures;
}

export interface LoadGoals {
  /** The target this row is compared with; omitted for the baseline itself. */
  baseline?: string;
  ratio?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** p99 at most this multiple of the baseline's p99 (median over rounds, as this row's). */
  p99VsBaseline?: number;
}

/** Latencies and failures travel in the case name; every goal, ratio or latency, in the row's goal columns. */
export function summariseLoad(name: string, figures: Map<string, LoadFigures[]>, goals: LoadGoals = {}): BenchmarkRow {
  const rounds = figures.get(name)!;
  const perRound = new Map([...figures].map(([target, runs]) => [target, runs.map((run) => run.requestsPerSecond)]));
  const p50Ms = median(rounds.map((run) => run.p50Ms));
  const p99Ms = median(rounds.map((run) => run.p99Ms));
  const limits: RowLimit[] = [];
  if (goals.p50Ms !== undefined) limits.push({ goal: `p50 ≤ ${goals.p50Ms} ms`, isMet: p50Ms <= goals.p50Ms });
  if (goals.p99Ms !== undefined) limits.push({ goal: `p99 ≤ ${goals.p99Ms} ms`, isMet: p99Ms <= goals.p99Ms });
  if (goals.p99VsBaseline !== undefined && goals.baseline) {
    const limitMs = goals.p99VsBaseline * median(figures.get(goals.baseline)!.map((run) => run.p99Ms));
    limits.push({
      goal: `p99 ≤ ${goals.p99VsBaseline}× baseline's (${Number(limitMs.toFixed(1))} ms)`,
      isMet: p99Ms <= limitMs,
    });
  }
  const unexpected = rounds.reduce((sum, run) => sum + run.unexpected, 0);
  const errors = rounds.reduce((sum, run) => sum + run.errors, 0);
  const failures =
    unexpected + errors === 0
      ? "no errors"
      : `FAILURES: ${unexpected} unexpected statuses, ${errors} errors (not counted)`;
  return {
    case: `${name}; p50 ${p50Ms} ms, p99 ${p99Ms} ms; ${failures}`,
    opsPerSecond: median(perRound.get(name)!),
    ...(goals.baseline ? { ratio: medianRatio(perRound, name, goals.baseline) } : {}),
    ...(goals.ratio !== undefined ? { goal: goals.ratio } : {}),
    ...(limits.length > 0 ? { limits } : {}),
  };
}
