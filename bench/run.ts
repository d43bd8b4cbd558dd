/**
 * `npm run bench`: runs every registered benchmark, prints a table for each and rewrites
 * bench/RESULTS.md. To add a benchmark, write a module exporting a `Benchmark` and list it below.
 * Timings live here and never in tests: a test that asserts a speed fails on a busy CI machine.
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import type { Benchmark } from "./benchmark";
import { formatMarkdown, formatTable, type BenchmarkResult } from "./report";
import { sdkVerifyBenchmark } from "./sdk-verify.bench";
import { validateEndpointBenchmark } from "./validate-endpoint.bench";

const benchmarks: Benchmark[] = [sdkVerifyBenchmark, validateEndpointBenchmark];

const environment = [
  `Run at ${new Date().toISOString()}`,
  `Node ${process.version} on ${os.platform()} ${os.arch()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}`,
  `Load average at start: ${os.loadavg()[0]!.toFixed(2)}`,
];

const results: BenchmarkResult[] = [];
for (const benchmark of benchmarks) {
  const rows = await benchmark.run();
  const result = { name: benchmark.name, description: benchmark.description, rows };
  results.push(result);
  console.log(`${formatTable(result)}\n`);
}

await writeFile(new URL("./RESULTS.md", import.meta.url), formatMarkdown(results, environment));
console.log("Wrote bench/RESULTS.md");
