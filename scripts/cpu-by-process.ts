/**
 * Where a command's CPU goes, by kind of process (issue 23: a CI run keeps both CPUs busy from start
 * to end, so only less CPU makes it shorter, and this says which process to make cheaper).
 *
 *   node --import tsx scripts/cpu-by-process.ts -- npm test
 *   node --import tsx scripts/cpu-by-process.ts -- npx playwright test --project=specs e2e/governance.spec.ts
 *
 * Runs the command with its output as usual and reads every process's user + system CPU time from
 * /proc every 2 s (Linux only). When the command ends it prints the CPU-seconds each kind used while
 * it ran (Chromium, vitest workers, next build, the app server, PostgreSQL, …) and exits with the
 * command's code. Everything the machine ran meanwhile is counted: run it on a quiet machine. A
 * process that ends between two readings loses at most its last 2 s.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { readProcessCpu } from "@/bench/cpu-time";

const SAMPLE_MS = 2_000;

/** Kinds by command line, first match wins; anything else is listed by the script it runs (otherName). */
const KINDS: [string, RegExp][] = [
  // Chromium's helpers (its network service among them) may show only `/proc/self/exe --type=…`.
  ["Chromium", /chromium|headless_shell|chrome|^\/proc\/self\/exe --type=/],
  ["PostgreSQL", /^postgres|\/bin\/postgres /],
  ["Playwright runner", /playwright.* test\b/],
  ["Playwright workers (tests, browser control)", /playwright/],
  ["vitest", /vitest/],
  ["next build", /next build|next-build|next\/dist\/build|\.next\/build\//],
  ["type check (tsc)", /\btsc\b|typescript/],
  ["app server (npm start)", /scripts\/serve\.ts|run-built\.mjs serve/],
  ["worker (npm run worker)", /scripts\/worker\.ts|run-built\.mjs worker/],
  ["process checks", /scale-out-check|degradation-check|release-storage-check/],
  ["Python", /python/],
];

/** The script a command runs (`node --import tsx scripts/db-seed.ts` → scripts/db-seed.ts), or its first 60 characters. */
const otherName = (commandLine: string) =>
  commandLine
    .split(" ")
    .find((word) => /^[\w./-]+\.(ts|mts|mjs|cjs|js)$/.test(word) && !word.includes("node_modules")) ??
  commandLine.slice(0, 60);

const kindOf = (commandLine: string) =>
  commandLine === ""
    ? "kernel threads, and processes first read after they ended"
    : (KINDS.find(([, pattern]) => pattern.test(commandLine))?.[0] ?? `other: ${otherName(commandLine)}`);

interface ProcessReading {
  startedAt: number;
  seconds: number;
  kind: string;
}

/**
 * pid → what it has used so far, for every process readable now. Its kind is read from its command
 * line once: PostgreSQL's backends rewrite theirs with every statement, and a process that has ended
 * but not yet been reaped shows an empty one.
 */
function readProcesses(known: Map<string, ProcessReading>) {
  const processes = new Map<string, ProcessReading>();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const cpu = readProcessCpu(pid);
    if (!cpu) continue;
    const { startedAt, seconds } = cpu;
    const before = known.get(pid);
    if (before?.startedAt === startedAt) {
      processes.set(pid, { ...before, seconds });
      continue;
    }
    try {
      const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      processes.set(pid, { startedAt, seconds, kind: kindOf(commandLine) });
    } catch {
      // Gone between listing and reading.
    }
  }
  return processes;
}

const separator = process.argv.indexOf("--");
const [command, ...args] = separator === -1 ? [] : process.argv.slice(separator + 1);
if (!command || os.platform() !== "linux") {
  console.error("usage (Linux): node --import tsx scripts/cpu-by-process.ts -- <command> [args...]");
  process.exit(2);
}

const cpuSecondsByKind = new Map<string, number>();
let previous = readProcesses(new Map());
function sample() {
  const current = readProcesses(previous);
  for (const [pid, now] of current) {
    const before = previous.get(pid);
    // A process started since the last reading (or a reused pid) counts from zero.
    const used = now.seconds - (before?.startedAt === now.startedAt ? before.seconds : 0);
    if (used > 0) cpuSecondsByKind.set(now.kind, (cpuSecondsByKind.get(now.kind) ?? 0) + used);
  }
  previous = current;
}

const startedAt = Date.now();
const sampler = setInterval(sample, SAMPLE_MS);
const child = spawn(command, args, { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  clearInterval(sampler);
  sample();
  const wallSeconds = (Date.now() - startedAt) / 1000;
  const rows = [...cpuSecondsByKind].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, seconds]) => sum + seconds, 0);
  const busy = (100 * total) / (wallSeconds * os.availableParallelism());
  console.log(
    `\n[cpu] ${total.toFixed(0)} CPU-s in ${wallSeconds.toFixed(0)} s on ${os.availableParallelism()} CPUs (${busy.toFixed(0)} % busy), by kind of process:`,
  );
  for (const [kind, seconds] of rows.filter(([, seconds]) => seconds >= 0.5))
    console.log(`[cpu] ${seconds.toFixed(1).padStart(8)}  ${kind}`);
  process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
});
