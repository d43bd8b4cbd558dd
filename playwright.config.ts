import { defineConfig } from "@playwright/test";
import { e2eBaseUrl } from "./e2e/base-url";

// E2E runs against a production build (`next build` first; scripts/test.mjs does it)
// served by scripts/e2e-server.mjs (port 3100 unless E2E_PORT) with a fresh temp data dir.
// Always use `localhost` (not 127.0.0.1): cookies are host-scoped.

/**
 * How the suite runs in parallel (issue 23; the rules for a new spec are in e2e/README.md):
 * - `page-sweep`: every page (e2e/page-sweep.spec.ts) rendered once with all its checks, at a
 *   desktop's width and then a phone's, one test per page, fully parallel.
 * - `specs`: every other spec, files in parallel on as many workers as there are, the tests of one
 *   file in order (a file's later tests may build on its earlier ones).
 * - `acme`: the three specs written against the demo data of Acme Robotics that change what another
 *   of them asserts (Studio Professional's devices, key and rotation; the Atlas rotation notice),
 *   one file at a time, beside everything else. A new spec never joins it: it makes its own
 *   organization, people and licenses (e2e/customers.ts, e2e/README.md).
 * - `alone`: load.spec.ts last, on an otherwise idle server: its figures are the server's.
 */
const ACME_CHAIN = ["devices", "email-links", "rotation"].map((name) => `${name}.spec.ts`);
const PAGE_SWEEP = /page-sweep\.spec\.ts/;
const ALONE_AT_THE_END = ["load.spec.ts"];
/**
 * Issue 23: a run of the whole suite used about half of the 2-CPU machine at three workers (its
 * tests wait on the app server and on each other's pages more than they compute); a fourth fills
 * that time.
 */
const WORKERS = Number(process.env.E2E_WORKERS ?? 4);
const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "e2e",
  workers: WORKERS,
  // CI records no trace on a first attempt and runs a failed test once more with one (below).
  retries: isCI ? 1 : 0,
  // Files run side by side on a 2-CPU machine with the server, Chromium and (for its first minutes)
  // the rest of vitest: a page or a journey can take twice its quiet-machine time, which is load,
  // not a fault.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  forbidOnly: isCI,
  use: {
    baseURL: e2eBaseUrl,
    headless: true,
    // A failed test keeps its trace (actions, DOM snapshots, network, console) but not the screencast:
    // recording screenshots of every test doubled Chromium's CPU, the largest share of a CI run
    // (issue 23: two journeys took 112 Chromium CPU-s with them, 70 without, 62 with no trace at all).
    // DOM snapshots stay: Playwright records the network only with them, and both are what a failure
    // on a loaded CI machine is read from.
    //
    // On CI the trace is recorded only when a failed test runs again (`retries`): recording it on
    // every attempt cost the page sweep 23 % of its CPU (219 CPU-s with it, 168 without; issue 23),
    // for a file thrown away whenever the test passes. A test that fails twice keeps the second
    // attempt's trace and the first's screenshot; one that passes on its second attempt is reported
    // by name as flaky (scripts/test.mjs). Locally, where one spec is run to watch it fail, the first
    // attempt keeps its trace.
    trace: isCI ? { mode: "on-first-retry", screenshots: false } : { mode: "retain-on-failure", screenshots: false },
    screenshot: isCI ? "only-on-failure" : "off",
    launchOptions: {
      // Chromium's headless shell, as Playwright runs headless tests: a third of the full browser's CPU per page (issue 23).
      executablePath: "/usr/bin/chromium-headless-shell",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // V8's optimizing compilers (TurboFan, Maglev) compile a test page's hot functions on background
        // threads for a speed-up a page open for a second never repays: the journeys' Chromium took 14 %
        // less CPU without them, the page sweep's 12 % (issue 23). Ignition and Sparkplug still run it all.
        "--js-flags=--no-opt --no-maglev",
      ],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${e2eBaseUrl}/api/health`,
    reuseExistingServer: false,
    // Playwright's default is SIGKILL to the server's process group, which gives scripts/e2e-server.mjs
    // no chance to stop its PostgreSQL cluster (pg_ctl runs it in a session of its own): every run left
    // one behind. On SIGTERM the script stops the app, the worker and the cluster (scripts/test.mjs
    // checks the cluster is gone).
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    // Includes the operator commands the server script runs first (db:seed, staff:grant); on a shared, loaded machine they took over 5 minutes.
    timeout: 600_000,
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    // Longest first: workers take tests in this order, so the one-at-a-time chain and the slow
    // specs start at once and the short page visits fill the gaps at the end.
    { name: "acme", dependencies: ["setup"], testMatch: ACME_CHAIN, workers: 1 },
    { name: "specs", dependencies: ["setup"], testIgnore: [...ACME_CHAIN, ...ALONE_AT_THE_END, PAGE_SWEEP] },
    // Issue 16: every page in a browser whose zone is not the server's and is half an hour off
    // (hydration must not depend on it), at 1280 px and then at 390 px (e2e/page-sweep.spec.ts).
    {
      name: "page-sweep",
      dependencies: ["setup"],
      testMatch: PAGE_SWEEP,
      fullyParallel: true,
      use: { timezoneId: "Asia/Kolkata" },
    },
    {
      name: "alone",
      dependencies: ["page-sweep", "acme", "specs"],
      testMatch: ALONE_AT_THE_END,
    },
  ],
});
