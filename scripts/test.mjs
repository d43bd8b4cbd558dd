// Test runner behind `npm test` and `npm run test:full` (node built-ins only).
//
//   npm test                      # everything: vitest (pure, PostgreSQL, PGlite projects), next build, process checks, Playwright
//   npm test -- --unit-only       # vitest only: skips `next build` and the e2e suite (quick local runs)
//   npm test -- --unit-only lib/licensing   # any other arguments are passed to vitest
//   npm run test:full             # the same, with the long runs at full size (below)
//
// Steps (each timed; the times are printed before the result line):
//   1. Prerequisites: PostgreSQL binaries (/usr/lib/postgresql/*/bin), /usr/bin/chromium-headless-shell, and
//      PyJWT + cryptography for /usr/bin/python3 (the help page's Python snippet runs in e2e).
//      Missing + root: `apt-get update && apt-get install -y postgresql chromium chromium-headless-shell python3-jwt python3-cryptography`.
//      The browser tests run in Chromium's headless shell (the build Playwright itself runs headless
//      tests in): the same engine at a third of the full browser's CPU per page (issue 23).
//      Missing + not root: prints the sudo command and exits 1.
//      (Debian's postgresql package also starts a default cluster on :5432; unused.)
//   2. Makes the run's folder (on /dev/shm when it is a memory filesystem with room, else the temp
//      folder; runFolderParent) and points every child's TMPDIR at it, so whatever they leave is
//      removed with it at the end.
//      Starts a throwaway PostgreSQL cluster there (scripts/pg-cluster.mjs) and passes its URL
//      to vitest as TEST_DATABASE_URL, which enables the `pure`/`postgres` split (vitest.config.ts).
//   3. `npm run build` (`next build`, then the server and worker bundles; the stage is named
//      "next build") starts alongside everything that does not need the build: the shared protocol
//      vectors (scripts/protocol-vectors.ts), then `npx vitest run` (JSON report) beside the Python
//      client's unittests (packages/python, counted from unittest's summary). The moment the build
//      is done, `npx playwright test` (JSON report) and the process-level checks on the build
//      (scripts/scale-out-check.ts, scripts/degradation-check.ts and scripts/release-storage-check.ts,
//      side by side, each counted as one test) start beside the rest of vitest.
//      Stages that overlap print their output line by line under their name.
//   4. --full only: REKEY_TEST_FULL=true for vitest (the bulk rotation at 10 000 licenses instead
//      of 2 000), then the fleet simulation at full size (`npm run simulate`, 10 000 installs over
//      90 days on the cluster) and the sustained-load benchmark (`npm run bench -- sustained-load`),
//      each counted as one test.
//   5. Stops the cluster, and prints one final line:
//        tests: N passed, N failed[, N skipped]
//      Exit code 1 when anything failed or nothing ran at all.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { findPgBinDir, startThrowawayCluster } from "./pg-cluster.mjs";
import { unittestArgs, unittestCounts, unittestLogCounts } from "./python-tests.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = "/usr/bin/chromium-headless-shell";
const PYTHON = "/usr/bin/python3";
const APT_PACKAGES = ["postgresql", "chromium", "chromium-headless-shell", "python3-jwt", "python3-cryptography"];
const hasPythonJose = () => spawnSync(PYTHON, ["-c", "import jwt, cryptography"], { stdio: "ignore" }).status === 0;

const argv = process.argv.slice(2);
const unitOnly = argv.includes("--unit-only");
const isFullRun = argv.includes("--full");
const vitestArgs = argv.filter((a) => a !== "--unit-only" && a !== "--full");

// ---------------------------------------------------------------------------
// Child processes run in their own process group so that the whole tree (npx ->
// vitest -> workers, next build workers, playwright -> web server) can be signalled.

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();

function killRunning(sig = "SIGTERM") {
  for (const child of running) {
    try {
      process.kill(-child.pid, sig);
    } catch {}
  }
}

const SIGNO = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
for (const sig of Object.keys(SIGNO)) {
  process.on(sig, () => {
    console.error(`\n[test] ${sig} received, stopping`);
    killRunning(sig);
    // pg-cluster.mjs stops the cluster from its 'exit' handler.
    process.exit(128 + SIGNO[sig]);
  });
}
/** The run's own folder: its reports, and every child's TMPDIR (runFolderParent); removed at the end. */
let runDir = "";
process.on("exit", () => {
  killRunning("SIGTERM");
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
});

const TMPFS_MAGIC = 0x01021994;
/** Enough for the run's throwaway files at their peak: two PostgreSQL clusters with their WAL, a 200 MB upload, browser profiles. */
const RUN_FOLDER_MIN_FREE_BYTES = 4 * 2 ** 30;

/**
 * Where the run's folder goes: /dev/shm when it is a memory filesystem with room to spare, else
 * the usual temp folder. Nothing a test writes needs to outlive the run, and on a virtual machine
 * every write that reaches its disk costs CPU in the guest (issue 23: the PostgreSQL half of vitest
 * took 135 machine CPU-s with its cluster in memory against 159–210 on disk, and the browser suite
 * 344 against 408), on a run that keeps both CPUs busy from start to end.
 */
function runFolderParent() {
  try {
    const shm = fs.statfsSync("/dev/shm");
    if (shm.type === TMPFS_MAGIC && shm.bavail * shm.bsize >= RUN_FOLDER_MIN_FREE_BYTES) return "/dev/shm";
  } catch {}
  return os.tmpdir();
}

/**
 * Copies a child's output line by line under its stage's name, so stages running side by side stay
 * readable; with `kept`, also keeps the lines. Resolves once the stream has ended.
 */
function prefixLines(stream, into, label, kept) {
  return new Promise((resolve) => {
    readline
      .createInterface({ input: stream, crlfDelay: Infinity })
      .on("line", (line) => {
        kept?.push(line);
        into.write(`[${label}] ${line}\n`);
      })
      .on("close", resolve);
  });
}

/**
 * Run a command; resolves to its exit code. Its stdout/stderr are inherited, or, with `label`
 * (a stage running beside another), prefixed line by line with the label. With `stderrLines` (and
 * a label) its stderr lines are kept there too, all of them read before the code is resolved: the
 * Python client's unittest prints the summary it is counted from there, last.
 */
function run(cmd, args, env = {}, { label, stderrLines } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: label ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
      detached: true,
    });
    let stderrRead = Promise.resolve();
    if (label) {
      prefixLines(child.stdout, process.stdout, label);
      stderrRead = prefixLines(child.stderr, process.stderr, label, stderrLines);
    }
    running.add(child);
    child.on("error", (err) => {
      console.error(`[test] could not run ${cmd}: ${err.message}`);
      running.delete(child);
      resolve(127);
    });
    child.on("exit", (code, signal) => {
      running.delete(child);
      const exitCode = code ?? 128 + (SIGNO[signal] ?? 0);
      // Only when asked: a stage's grandchildren (vitest's workers, the web server) may hold its
      // output open after it has exited.
      if (stderrLines) stderrRead.then(() => resolve(exitCode));
      else resolve(exitCode);
    });
  });
}

const runStartedAt = Date.now();
/** @type {Array<{ name: string, startSeconds: number, seconds: number }>} */
const stageTimes = [];

/**
 * Runs one step and records when it started and how long it took, for the summary printed before
 * the result line (stages that overlap show it by their start times).
 */
async function timed(name, step) {
  const startedAt = Date.now();
  try {
    return await step();
  } finally {
    stageTimes.push({
      name,
      startSeconds: (startedAt - runStartedAt) / 1000,
      seconds: (Date.now() - startedAt) / 1000,
    });
  }
}

const formatSeconds = (seconds) =>
  seconds >= 60 ? `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s` : `${seconds.toFixed(1)}s`;

/** A command that passes or fails as a whole, counted as one test. */
async function runAsOneTest(name, cmd, args, env = {}, options = {}) {
  const code = await timed(name, () => run(cmd, args, env, options));
  return code === 0
    ? { passed: 1, failed: 0, skipped: 0, notes: [] }
    : { passed: 0, failed: 1, skipped: 0, notes: [`${name}: failed (exit ${code}); see its output above`] };
}

// ---------------------------------------------------------------------------
// 1. Prerequisites

function ensurePrerequisites() {
  const missing = [];
  if (!findPgBinDir()) missing.push("PostgreSQL (/usr/lib/postgresql/*/bin)");
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  if (!hasPythonJose()) missing.push(`PyJWT and cryptography for ${PYTHON}`);
  if (missing.length === 0) return;

  console.log(`[test] missing: ${missing.join(", ")}`);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.error(`[test] install them with:\n\n    sudo apt-get install -y ${APT_PACKAGES.join(" ")}\n`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", ...APT_PACKAGES]]) {
    console.log(`[test] apt-get ${args.join(" ")}`);
    const r = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (r.status !== 0) {
      console.error(`[test] apt-get ${args[0]} failed (exit ${r.status ?? r.signal ?? r.error?.message})`);
      process.exit(1);
    }
  }
  if (!findPgBinDir() || !fs.existsSync(CHROMIUM) || !hasPythonJose()) {
    console.error("[test] prerequisites still missing after apt-get install");
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------
// Report parsing. Each returns { passed, failed, skipped, notes: string[] }.

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function vitestCounts(file, exitCode) {
  const j = readJson(file);
  if (!j)
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      notes: ["vitest: JSON report missing or unparseable (counted as 1 failure)"],
    };
  const notes = [];
  const passed = j.numPassedTests ?? 0;
  let failed = j.numFailedTests ?? 0;
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  // Files that failed before any test ran (import/syntax errors, failing beforeAll...).
  const broken = (j.testResults ?? []).filter((r) => r.status === "failed" && (r.assertionResults ?? []).length === 0);
  for (const r of broken)
    notes.push(`vitest: ${path.relative(ROOT, r.name)} failed to run: ${(r.message ?? "").split("\n")[0]}`);
  failed += broken.length;
  // Non-zero exit with nothing failing: unhandled errors, or similar. ("No test files
  // found" also exits 1, but with zero tests, and is handled by the "nothing ran" rule.)
  if (exitCode !== 0 && failed === 0 && (j.numTotalTests ?? 0) + (j.testResults ?? []).length > 0) {
    notes.push(
      `vitest: exited with code ${exitCode} although no test failed (unhandled errors?) (counted as 1 failure)`,
    );
    failed += 1;
  }
  return { passed, failed, skipped, notes };
}

/** "file › test" of every test the Playwright JSON report marks flaky (it failed, then passed on its retry). */
function flakyTestTitles(suites) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? [])
      .filter((spec) => (spec.tests ?? []).some((test) => test.status === "flaky"))
      .map((spec) => `${spec.file} › ${spec.title}`),
    ...flakyTestTitles(suite.suites ?? []),
  ]);
}

function playwrightCounts(file, exitCode) {
  const j = readJson(file);
  if (!j?.stats) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      notes: ["e2e: Playwright JSON report missing or unparseable (counted as 1 failure)"],
    };
  }
  const notes = [];
  const s = j.stats;
  const passed = (s.expected ?? 0) + (s.flaky ?? 0);
  let failed = s.unexpected ?? 0;
  const skipped = s.skipped ?? 0;
  if (s.flaky) {
    notes.push(`e2e: ${s.flaky} flaky test(s) counted as passed, each failed once and passed on its retry:`);
    for (const title of flakyTestTitles(j.suites ?? [])) notes.push(`e2e:   flaky: ${title}`);
  }
  // Global errors (web server failed to start, config error, ...) are not per-test.
  const errors = (j.errors ?? []).filter((e) => {
    if (/No tests found/.test(e.message ?? "")) {
      notes.push("e2e: no Playwright tests found");
      return false;
    }
    return true;
  });
  if (errors.length > 0 && failed === 0) {
    for (const e of errors) notes.push(`e2e: ${(e.message ?? String(e)).split("\n")[0]}`);
    failed += errors.length;
  }
  if (exitCode !== 0 && failed === 0 && passed + skipped > 0) {
    notes.push(`e2e: playwright exited with code ${exitCode} although no test failed (counted as 1 failure)`);
    failed += 1;
  }
  return { passed, failed, skipped, notes };
}

/**
 * The e2e server's PostgreSQL cluster must be gone once Playwright has stopped the server: a cluster
 * runs in a session of its own, so a server killed before it stops its cluster leaves it running
 * (every run did, until playwright.config.ts asked for a graceful shutdown). One counted check.
 */
function e2eClusterStoppedCounts() {
  const record = readJson(path.join("e2e", ".auth", "server-cluster.json"));
  if (!record?.dir) return { passed: 0, failed: 0, skipped: 0, notes: [] };
  fs.rmSync(path.join("e2e", ".auth", "server-cluster.json"), { force: true });
  if (!fs.existsSync(record.dir)) return { passed: 1, failed: 0, skipped: 0, notes: [] };
  return {
    passed: 0,
    failed: 1,
    skipped: 0,
    notes: [
      `e2e: the test server left its PostgreSQL cluster running (${record.dir}); stop it with pg_ctl stop -D ${record.dir}/data`,
    ],
  };
}

/** The benchmark reports figures without judging them; the load promise is that every answer is a 2xx. */
function sustainedLoadCounts(file) {
  const j = readJson(file);
  if (!j?.validate)
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      notes: ["sustained load: reports/load-full.postgres.json missing (counted as 1 failure)"],
    };
  const failedAnswers = [j.validate, ...Object.values(j.pages ?? {})].reduce(
    (sum, figures) => sum + (figures.failed ?? 0),
    0,
  );
  return failedAnswers === 0
    ? { passed: 1, failed: 0, skipped: 0, notes: [] }
    : {
        passed: 0,
        failed: 1,
        skipped: 0,
        notes: [`sustained load: ${failedAnswers} answers were not 2xx (reports/load-full.postgres.json)`],
      };
}

/**
 * The process-level checks on the build, side by side: each has its own database on the cluster
 * and its own free ports, and the degradation check spends most of its time waiting out the JWKS
 * cache.
 */
function runProcessChecks(databaseUrl) {
  const checks = [
    ["scale-out", "2 app + 2 worker processes on one PostgreSQL", "scripts/scale-out-check.ts"],
    ["degradation", "the app with its PostgreSQL cut off and back", "scripts/degradation-check.ts"],
    ["release-storage", "releases on S3 storage, a 200 MB upload's memory", "scripts/release-storage-check.ts"],
  ];
  for (const [name, what, script] of checks)
    console.log(`[test] ${name}: ${what} (${script}; its lines are prefixed [${name}])`);
  return Promise.all(
    checks.map(([name, , script]) =>
      runAsOneTest(name, "node", ["--import", "tsx", script], { TEST_DATABASE_URL: databaseUrl }, { label: name }),
    ),
  );
}

// ---------------------------------------------------------------------------

async function main() {
  await timed("prerequisites", async () => ensurePrerequisites());

  runDir = fs.mkdtempSync(path.join(runFolderParent(), "rekey-test-"));
  // Open to all like /tmp, as a TMPDIR is: run as root, the clusters' PostgreSQL runs as `postgres`.
  fs.chmodSync(runDir, 0o1777);
  // Every child's throwaway files (clusters, data folders, browser profiles, packed SDKs) go under
  // it, and so are gone with it, whatever a child left behind.
  process.env.TMPDIR = runDir;
  console.log(`[test] the run's throwaway files are in ${runDir}`);
  const vitestJson = path.join(runDir, "vitest.json");
  const playwrightJson = path.join(runDir, "playwright.json");
  /** @type {Array<{ passed: number, failed: number, skipped: number, notes: string[] }>} */
  const results = [];

  let cluster = null;
  try {
    cluster = await timed("postgresql cluster", startThrowawayCluster);
    console.log(`[test] tests run against PostgreSQL ${cluster.version} at ${cluster.url}`);

    // The build needs no database and vitest's files spend part of their time waiting on
    // PostgreSQL, so the build fills those gaps instead of running after them.
    if (!unitOnly) console.log("[test] next build (alongside vitest; its lines are prefixed [next build])");
    const build = unitOnly
      ? null
      : timed("next build", () =>
          run("npm", ["run", "--silent", "build"], { NEXT_TELEMETRY_DISABLED: "1" }, { label: "next build" }),
        );

    // Made once by the portal's code, read by the JS SDK (vitest) and the Python client (issue 17).
    const vectorsDir = path.join(runDir, "protocol-vectors");
    const vectorsCode = await timed("protocol vectors", () =>
      run("node", ["--import", "tsx", "scripts/protocol-vectors.ts", vectorsDir], { TEST_DATABASE_URL: cluster.url }),
    );
    if (vectorsCode !== 0)
      results.push({
        passed: 0,
        failed: 1,
        skipped: 0,
        notes: [`protocol vectors: scripts/protocol-vectors.ts failed (exit ${vectorsCode})`],
      });
    const vectorsEnv = vectorsCode === 0 ? { REKEY_PROTOCOL_VECTORS_DIR: vectorsDir } : {};

    // The browser suite needs only the build: it starts the moment the build is done, beside the
    // rest of vitest, instead of after it (issue 23). Its app server waits on its browsers and
    // database much of the time, which vitest's files fill. Both print line by line under their name.
    const e2e = build?.then(async (buildCode) => {
      if (buildCode !== 0)
        return [
          {
            passed: 0,
            failed: 1,
            skipped: 0,
            notes: [`e2e: next build failed (exit ${buildCode}); e2e not run (counted as 1 failure)`],
          },
        ];
      console.log("[test] e2e: Playwright on the production build (its lines are prefixed [e2e])");
      const pythonLiveLog = path.join(runDir, "python-live.log");
      const pwCode = await timed("e2e (playwright)", () =>
        run(
          "npx",
          ["--no", "--", "playwright", "test", "--reporter=list,json"],
          {
            PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
            NEXT_TELEMETRY_DISABLED: "1",
            REKEY_PYTHON_LIVE_LOG: pythonLiveLog,
          },
          { label: "e2e" },
        ),
      );
      // e2e/python-client.spec.ts runs the Python client's live tests against this server.
      return [
        playwrightCounts(playwrightJson, pwCode),
        e2eClusterStoppedCounts(),
        unittestLogCounts("python client against the production build", pythonLiveLog),
      ];
    });

    // The Python client's unittests need only the vectors, and spend most of their time waiting out
    // the cache lifetimes they test: beside vitest, not after it.
    console.log("[test] python client: python3 -m unittest (packages/python/tests; its lines are prefixed [python])");
    const pythonStderr = [];
    const pythonRun = timed("python client (unittest)", () =>
      run(PYTHON, unittestArgs("test_*.py"), vectorsEnv, { label: "python", stderrLines: pythonStderr }),
    );

    // The process checks start each app and worker process on the build, on their own databases of
    // the cluster, the moment the build is done: beside the browser suite and the rest of vitest,
    // whose work fills their waits (the degradation check mostly waits out the JWKS cache). After
    // vitest, they were the run's last minute, with half the machine idle (issue 23).
    const processChecks = build?.then((buildCode) => (buildCode === 0 ? runProcessChecks(cluster.url) : []));

    const vitestCode = await timed("vitest", () =>
      run(
        "npx",
        [
          "--no",
          "--",
          "vitest",
          "run",
          "--reporter=default",
          "--reporter=json",
          `--outputFile.json=${vitestJson}`,
          ...vitestArgs,
        ],
        { TEST_DATABASE_URL: cluster.url, ...vectorsEnv, ...(isFullRun ? { REKEY_TEST_FULL: "true" } : {}) },
        unitOnly ? {} : { label: "vitest" },
      ),
    );
    results.push(vitestCounts(vitestJson, vitestCode));

    const pythonCode = await pythonRun;
    results.push(unittestCounts("python client", pythonStderr.join("\n"), pythonCode));

    if (unitOnly) {
      console.log("[test] --unit-only: skipping next build and e2e");
    } else {
      results.push(...(await processChecks));
      results.push(...(await e2e));
      if (isFullRun && (await build) === 0) {
        console.log("[test] fleet simulation at full size (scripts/simulate.ts)");
        results.push(
          await runAsOneTest(
            "fleet simulation (full size)",
            "node",
            ["--import", "tsx", "scripts/simulate.ts", "--installs", "10000", "--days", "90"],
            { SIMULATE_DATABASE_URL: cluster.url },
          ),
        );
        console.log("[test] sustained load (bench/sustained-load.bench.ts)");
        const loadReport = path.join(ROOT, "reports", "load-full.postgres.json");
        fs.rmSync(loadReport, { force: true });
        const loadRun = await runAsOneTest("sustained load", "node", [
          "--import",
          "tsx",
          "bench/run.ts",
          "sustained-load",
        ]);
        results.push(loadRun.failed > 0 ? loadRun : sustainedLoadCounts(loadReport));
      }
    }
  } catch (err) {
    console.error(`[test] ${err?.stack ?? err}`);
    results.push({
      passed: 0,
      failed: 1,
      skipped: 0,
      notes: [`harness error: ${String(err?.message ?? err).split("\n")[0]}`],
    });
  } finally {
    killRunning("SIGTERM");
    if (cluster) await cluster.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }

  const total = results.reduce(
    (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  const notes = results.flatMap((r) => r.notes);
  if (notes.length) console.log(`\n${notes.map((n) => `[test] ${n}`).join("\n")}`);
  console.log("\n[test] stage times (started at, took):");
  for (const { name, startSeconds, seconds } of [...stageTimes].sort((a, b) => a.startSeconds - b.startSeconds)) {
    console.log(`[test]   ${name.padEnd(30)} at ${formatSeconds(startSeconds).padEnd(8)} ${formatSeconds(seconds)}`);
  }
  console.log(`[test]   ${"total".padEnd(30)}    ${"".padEnd(8)} ${formatSeconds((Date.now() - runStartedAt) / 1000)}`);
  if (total.passed + total.failed === 0) console.log("no tests executed");

  console.log(
    `tests: ${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ""}`,
  );
  process.exitCode = total.failed > 0 || total.passed + total.failed === 0 ? 1 : 0;
}

await main();
