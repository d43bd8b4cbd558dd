/**
 * Servers an HTTP benchmark runs as child processes, so the load generator in this process never
 * shares an event loop with them. Every child is stopped by its pid: by `stop()`, and still if the
 * benchmark throws or this process exits without stopping it.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

export interface RunningServer {
  url: string;
  /** The server itself, for CPU and memory read from /proc/<pid>. */
  pid: number;
  stop: () => Promise<void>;
}

const HEALTH_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_TAIL_CHARS = 4_000;

const runningChildren = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of runningChildren) child.kill("SIGKILL");
});

/** A port nothing listens on right now (another process may still take it before we bind). */
export async function findFreePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, "localhost");
  await once(probe, "listening");
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

/** What `npm start` and `npm run worker` run (package.json): the bundles `npm run build` makes after Next's build. */
const RUN_BUILT = "scripts/run-built.mjs";
const SERVER_BUNDLE = ".next/rekey/serve.mjs";

/** Whether `npm run build` has run in `projectDir`: its last step writes the server's bundle. */
export const hasProductionBuild = (projectDir: string) => existsSync(path.join(projectDir, SERVER_BUNDLE));

/** Building takes minutes, so only when there is no production build at all. */
export async function ensureProductionBuild(projectDir: string): Promise<void> {
  if (hasProductionBuild(projectDir)) return;
  console.log(`No production build (${SERVER_BUNDLE} is missing): running \`npm run build\` first.`);
  const build = track(spawn("npm", ["run", "build"], { cwd: projectDir, stdio: "inherit" }));
  const [exitCode] = (await once(build, "exit")) as [number | null];
  if (exitCode !== 0) throw new Error(`\`npm run build\` failed with exit code ${exitCode}; see its output above.`);
}

/**
 * `npm start` (scripts/serve.ts, bundled by `npm run build`) on the production build; resolves once `healthPath` answers 200.
 * With `profileFile`, SIGUSR2 starts and stops a CPU profile written there (bench/cpu-profile.ts).
 */
export async function startProductionServer({
  projectDir,
  port,
  env,
  healthPath,
  profileFile,
}: {
  projectDir: string;
  port: number;
  env: NodeJS.ProcessEnv;
  healthPath: string;
  profileFile?: string;
}): Promise<RunningServer> {
  // The profiling agent is TypeScript, so only a profiled server loads tsx.
  const profiling = profileFile
    ? ["--import", "tsx", "--import", fileURLToPath(new URL("./cpu-profile-agent.ts", import.meta.url))]
    : [];
  const child = track(
    spawn(process.execPath, [...profiling, RUN_BUILT, "serve", "-p", String(port), "-H", "localhost"], {
      cwd: projectDir,
      env: profileFile ? { ...env, BENCH_CPU_PROFILE_FILE: profileFile } : env,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const watched = watch(child);
  // The pid is the app itself, for checks that read its memory (/proc/<pid>/status).
  const server = { url: `http://localhost:${port}`, pid: child.pid!, stop: () => stopChild(child) };
  try {
    await waitUntilHealthy(`${server.url}${healthPath}`, watched);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Forks a TypeScript module (through tsx) that calls `process.send("listening")` once it serves. */
export async function startForkedServer({
  modulePath,
  port,
  env,
}: {
  modulePath: string;
  port: number;
  env: NodeJS.ProcessEnv;
}): Promise<RunningServer> {
  const child = track(
    fork(modulePath, [], { execArgv: ["--import", "tsx"], env, stdio: ["ignore", "pipe", "pipe", "ipc"] }),
  );
  const watched = watch(child);
  const server = { url: `http://localhost:${port}`, pid: child.pid!, stop: () => stopChild(child) };
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`${path.basename(modulePath)} exited with code ${code} before listening:\n${watched.output()}`);
  });
  try {
    await Promise.race([once(child, "message"), exited]);
  } catch (error) {
    await server.stop();
    throw error;
  }
  exited.catch(() => {});
  return server;
}

/** `npm run worker` (scripts/worker.ts, bundled by `npm run build`) in `projectDir`, until stopped. */
export async function startWorkerProcess({
  projectDir,
  env,
}: {
  projectDir: string;
  env: NodeJS.ProcessEnv;
}): Promise<RunningServer> {
  const child = track(
    fork(RUN_BUILT, ["worker"], { cwd: projectDir, env, stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  await once(child, "spawn");
  return { url: "", pid: child.pid!, stop: () => stopChild(child) };
}

function track(child: ChildProcess): ChildProcess {
  runningChildren.add(child);
  child.once("exit", () => runningChildren.delete(child));
  return child;
}

interface WatchedChild {
  hasEnded: () => boolean;
  /** The end of its output, and why it could not start, for error messages. */
  output: () => string;
}

/** Drains the child's output (a full pipe would stall it) and notes a failed spawn. */
function watch(child: ChildProcess): WatchedChild {
  let tail = "";
  let spawnError: Error | null = null;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
    });
  }
  child.once("error", (error) => {
    spawnError = error;
  });
  return {
    hasEnded: () => spawnError !== null || child.exitCode !== null || child.signalCode !== null,
    output: () =>
      [tail, spawnError ? `could not start: ${String(spawnError)}` : ""].filter(Boolean).join("\n") || "(no output)",
  };
}

async function waitUntilHealthy(url: string, child: WatchedChild): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.hasEnded()) throw new Error(`the server ended before ${url} answered:\n${child.output()}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status,
      () => null,
    );
    if (status === 200) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s:\n${child.output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  const hasNoProcess = child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
  if (hasNoProcess) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const isStopped = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (!isStopped) {
    child.kill("SIGKILL");
    await exited;
  }
}
