/**
 * Load for HTTP benchmarks: autocannon driven from code, reduced to the figures a benchmark
 * reports. Only 2xx answers count as throughput, so a server that fails fast never looks fast.
 */
import autocannon from "autocannon";

export interface LoadFigures {
  /** 2xx responses per second over the whole run. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
}

export async function postJsonUnderLoad(url: string, body: unknown, { connections, seconds }: LoadOptions): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    connections,
    pipelining: 1,
    duration: seconds,
  });
  return {
    requestsPerSecond: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
