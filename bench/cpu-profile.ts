/**
 * "Where the time goes" for an HTTP benchmark row that missed its goal: one more round of each
 * compared target after the measured ones, with the CPU every process spent per 1 000 requests
 * (read from /proc, so the neighbours' load does not count), then one more round of the app's target
 * under V8's CPU profiler (bench/cpu-profile-agent.ts), summarised as self time by package or file
 * and by function. Only that round runs under the profiler: it costs the app CPU of its own.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PROJECT_DIR } from "./app-under-test";
import { clusterCpuSeconds, processCpuSeconds } from "./cpu-time";
import { loadUnderConcurrency, type LoadTarget } from "./http-load";

export interface WhereTimeGoesOptions {
  /** Rounds in this order (e.g. the baseline, then the app's target), `profiled` among them. */
  targets: LoadTarget[];
  /** The target whose round the app server spends under the profiler. */
  profiled: LoadTarget;
  /** The app server, started with a `profileFile` (app-under-test.ts). */
  app: { pid: number; profileFile: string };
  /** A baseline server beside it, whose CPU is counted too. */
  baseline?: { pid: number };
  clusterDir: string;
  connections: number;
  seconds: number;
  /** Heading detail, e.g. "validate at 50 connections". */
  title: string;
  /** What the app does per request that the baseline does not: the reasons the figures below differ. */
  beyondBaseline?: string;
  /** Sets up what a target's round needs around the load (e.g. open streams); returns what ends it. */
  aroundRound?: (target: LoadTarget) => Promise<() => void>;
}

const TOP_GROUPS = 10;
const TOP_FUNCTIONS = 12;
const PROFILE_WAIT_MS = 30_000;

/** Markdown for the results file: a CPU table per round, then the profile's top self time. */
export async function whereTheTimeGoes(options: WhereTimeGoesOptions): Promise<string> {
  const { targets, profiled, app, baseline, clusterDir, connections, seconds } = options;
  const processes = [
    { name: "app server", pid: app.pid },
    ...(baseline ? [{ name: "baseline server", pid: baseline.pid }] : []),
  ];
  const readCpu = () => [...processes.map(({ pid }) => processCpuSeconds(pid)), clusterCpuSeconds(clusterDir)];
  const round = async (target: LoadTarget, { isProfiled }: { isProfiled: boolean }) => {
    const endRound = (await options.aroundRound?.(target)) ?? (() => {});
    if (isProfiled) await toggleProfiler(app, `${app.profileFile}.started`);
    const before = readCpu();
    const figures = await loadUnderConcurrency(target, { connections, seconds }).finally(endRound);
    const after = readCpu();
    if (isProfiled) await toggleProfiler(app, app.profileFile);
    const thousands = Math.max(figures.requests, 1) / 1000;
    return {
      name: isProfiled ? `${target.name}, under the profiler` : target.name,
      requestsPerSecond: figures.requestsPerSecond,
      cpuPerThousand: after.map((end, index) => (end - before[index]!) / thousands),
    };
  };
  // The profiler costs the app CPU of its own, so its round comes after the plain ones the CPU is compared in.
  const rounds = [];
  for (const target of targets) rounds.push(await round(target, { isProfiled: false }));
  rounds.push(await round(profiled, { isProfiled: true }));
  const profile = JSON.parse(readFileSync(app.profileFile, "utf8")) as CpuProfile;
  const columns = [...processes.map(({ name }) => name), "PostgreSQL"];
  return [
    `### Where the time goes: ${options.title}`,
    "",
    `One more ${seconds} s round of each case at ${connections} connections after the measured ones, with the CPU seconds ` +
      "each process spent per 1 000 requests (from /proc, so other load on the machine does not count), then a round of " +
      "the app's case under V8's CPU profiler (which costs the app CPU of its own; its row shows how much).",
    "",
    `| Round | req/s | ${columns.map((column) => `${column} CPU s / 1 000 req`).join(" | ")} |`,
    `| --- | ---: | ${columns.map(() => "---:").join(" | ")} |`,
    ...rounds.map(
      (round) =>
        `| ${round.name} | ${Math.round(round.requestsPerSecond).toLocaleString("en-US")} | ${round.cpuPerThousand.map((value) => value.toFixed(3)).join(" | ")} |`,
    ),
    "",
    ...(options.beyondBaseline ? [`What the app does that the baseline does not: ${options.beyondBaseline}`, ""] : []),
    ...summariseCpuProfile(profile, `Self time in the app server during the profiled round (${profiled.name})`),
  ].join("\n");
}

/** Signals the agent and waits for the file it writes in answer (it removes nothing, so the old one goes first). */
async function toggleProfiler(app: { pid: number }, answerFile: string): Promise<void> {
  rmSync(answerFile, { force: true });
  process.kill(app.pid, "SIGUSR2");
  const deadline = Date.now() + PROFILE_WAIT_MS;
  while (!existsSync(answerFile)) {
    if (Date.now() > deadline) throw new Error(`the app server wrote no ${path.basename(answerFile)} within 30 s`);
    await sleep(50);
  }
}

/** V8's profile, as the inspector's Profiler.stop returns it. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time by package or file, then by function, as shares of the time the process was not idle,
 * under a sentence that starts with `heading` (what was profiled) and ends with the busy and idle time.
 * A native function (writev, a hash) counts where its JavaScript caller lives, which says more than "native".
 */
export function summariseCpuProfile(profile: CpuProfile, heading: string): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parentOf = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const selfMicros = new Map<number, number>();
  // timeDeltas[i] is the time from the previous sample to sample i: the time sample i - 1 stood for.
  for (const [index, id] of profile.samples.entries())
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
  const callerOf = (id: number) => {
    let caller = parentOf.get(id);
    while (caller !== undefined && !byId.get(caller)!.url) caller = parentOf.get(caller);
    return caller === undefined ? null : byId.get(caller)!;
  };
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let idle = 0;
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)!;
    if (frame.functionName === "(idle)") {
      idle += micros;
      continue;
    }
    const isVmEntry = !frame.url && frame.functionName.startsWith("(");
    const caller = frame.url || isVmEntry ? null : callerOf(id);
    const where = isVmEntry
      ? frame.functionName
      : frame.url
        ? whereOf(frame.url)
        : `native, from ${caller ? whereOf(caller.url) : "V8"}`;
    groups.set(where, (groups.get(where) ?? 0) + micros);
    // Line and column: a built chunk is a few very long lines.
    const line = frame.url
      ? `:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
      : caller
        ? ` ${caller.functionName || "(anonymous)"}`
        : "";
    const name = isVmEntry ? where : `${frame.functionName || "(anonymous)"} (${where}${line})`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const busy = [...groups.values()].reduce((sum, micros) => sum + micros, 0);
  const top = (entries: Map<string, number>, count: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(
        ([name, micros]) =>
          `| ${name.replaceAll("|", "\\|")} | ${(micros / 1e6).toFixed(2)} s | ${((micros / busy) * 100).toFixed(1)} % |`,
      );
  return [
    `${heading}: ${(busy / 1e6).toFixed(2)} s busy, ${(idle / 1e6).toFixed(2)} s idle.`,
    "",
    "| Package or file | Self time | Share of busy |",
    "| --- | ---: | ---: |",
    ...top(groups, TOP_GROUPS),
    "",
    "| Function | Self time | Share of busy |",
    "| --- | ---: | ---: |",
    ...top(functions, TOP_FUNCTIONS),
  ];
}

/**
 * Where a frame's code lives: a package (`next` by its dist folder, which says which part of Next),
 * a Node.js internal module, or a file of the build or the project.
 */
function whereOf(url: string): string {
  // node:internal/deps/undici/undici.js is Node's fetch (Request, Response, web streams): worth its own name.
  if (url.startsWith("node:"))
    return url
      .split("/")
      .slice(0, url.startsWith("node:internal/deps/") ? 3 : 2)
      .join("/");
  const file = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  const inPackage = file.lastIndexOf("/node_modules/");
  if (inPackage >= 0) {
    const parts = file.slice(inPackage + "/node_modules/".length).split("/");
    const name = parts[0]!.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
    return name === "next" ? parts.slice(0, 4).join("/") : name;
  }
  return path.relative(PROJECT_DIR, file);
}
