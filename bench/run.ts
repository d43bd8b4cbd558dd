/**
 * `npm run bench`: runs every registered benchmark, prints a table for each and rewrites
 * bench/RESULTS.md. To add a benchmark, write a module exporting a `Benchmark` and list it below.
 * Timings live here and never in tests: a test that asserts a speed fails on a busy CI machine.
 */
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import type { Benchmark } from "./benchmark";
import { formatMarkdown, formatTable, mergeMarkdown, type BenchmarkResult } from "./report";
import { bulkRotationBenchmark } from "./bulk-rotation.bench";
import { feedEndpointsBenchmark } from "./feed-endpoints.bench";
import { growthBenchmark } from "./growth.bench";
import { portalBundleBenchmark } from "./portal-bundle.bench";
import { portalPagesBenchmark } from "./portal-pages.bench";
import { revocationStreamsBenchmark } from "./revocation-streams.bench";
import { sdkVerifyBenchmark } from "./sdk-verify.bench";
import { sustainedLoadBenchmark } from "./sustained-load.bench";
import { validateEndpointBenchmark } from "./validate-endpoint.bench";

const benchmarks: Benchmark[] = [
  sdkVerifyBenchmark,
  validateEndpointBenchmark,
  sustainedLoadBenchmark,
  portalPagesBenchmark,
  feedEndpointsBenchmark,
  revocationStreamsBenchmark,
  bulkRotationBenchmark,
  growthBenchmark,
  portalBundleBenchmark,
];
/**
 * `npm run bench -- validate-endpoint feed-endpoints` runs only those and leaves RESULTS.md alone;
 * with BENCH_UPDATE_RESULTS=1 it rewrites their sections there and keeps the others, saying so.
 */
const only = process.argv.slice(2);

const environment = [
  `Run at ${new Date().toISOString()}`,
  `Node ${process.version} on ${os.platform()} ${os.arch()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}`,
  `Load average at start: ${os.loadavg()[0]!.toFixed(2)}`,
];

const results: BenchmarkResult[] = [];
for (const benchmark of benchmarks.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
  const outcome = await benchmark.run();
  const result = {
    name: benchmark.name,
    description: benchmark.description,
    ...(Array.isArray(outcome) ? { rows: outcome } : outcome),
  };
  results.push(result);
  console.log(`${formatTable(result)}\n`);
}

if (only.length === 0) {
  await writeFile(new URL("./RESULTS.md", import.meta.url), formatMarkdown(results, environment));
  console.log("Wrote bench/RESULTS.md");
} else if (process.env.BENCH_UPDATE_RESULTS === "1") {
  const resultsFile = new URL("./RESULTS.md", import.meta.url);
  await writeFile(resultsFile, mergeMarkdown(await readFile(resultsFile, "utf8"), results, environment));
  console.log(`Rewrote the ${only.join(", ")} sections of bench/RESULTS.md`);
} else {
  console.log("Partial run: bench/RESULTS.md left as it was.");
}
