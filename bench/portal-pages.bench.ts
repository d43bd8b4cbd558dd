/**
 * Issue 21: the portal's main pages against a page of the same production build that renders one
 * database row through the same portal layout (/bench/one-row, served because the server runs with
 * REKEY_BENCH_PAGES), 20 signed-in users, rounds in rotating order on PostgreSQL. Before the load,
 * each page is requested one at a time to count what it costs beyond its own queries: statements
 * the database executed per request (log_statement = all on the throwaway cluster), and the app
 * server's and PostgreSQL's CPU per request (they share the machine).
 */
import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { openDatabase } from "@/lib/db";
import { licenses, orgMembers, users } from "@/lib/db/schema";
import type { Benchmark, BenchmarkRow } from "./benchmark";
import { missingPrerequisite, startAppUnderTest } from "./app-under-test";
import { processCpuSeconds, readCpuSeconds } from "./cpu-time";
import { type LoadTarget, measureInterleavedLoad, ROUNDS, summariseLoad } from "./http-load";
import { PORTAL_USER_EMAIL, signInSeededUser } from "./sustained-load.bench";

const USERS = 20;
const GOAL = 0.5;
const BASELINE = "one-row page";
/** Requests per page for the per-request figures: enough that one stray statement shows as a fraction. */
const COUNTED_REQUESTS = 20;

export const portalPagesBenchmark: Benchmark = {
  name: "portal-pages",
  description:
    `The portal's main pages (dashboard, a license, its devices, members, audit log) and ${BASELINE} (/bench/one-row: the same ` +
    `portal layout and session around one database read) with ${USERS} signed-in users each, on the production build ` +
    `with PostgreSQL (autocannon, pipelining 1), ${ROUNDS.rounds} rounds of ${ROUNDS.roundSeconds} s in rotating order; ` +
    `ratio = the page's ops/s ÷ the one-row page's in the same round (median), goal ≥ ${GOAL}×. Each case also says the ` +
    "statements the database executed, the app server's CPU and PostgreSQL's CPU per request, from requests sent one at a " +
    "time before the load: what a page costs beyond the one-row page is its own queries and its rendering. " +
    "Where the license page's time goes (issue 21): 21 statements against the one-row page's 5, in about 7 round trips " +
    "one after another (session, organization, the license, then its view's loads side by side). It was 29: every " +
    "page's session read now carries the second factor's facts (one statement beside Auth.js's, where it was three in " +
    "two round trips); the revocation preview is made from the license, keys, devices and policy the view has loaded " +
    "instead of reading them again; the devices list and the key adoption check the organization on the license row " +
    "already loaded. The rotation card no longer carries the 418 time zones in the page's HTML and flight data: the " +
    "settings form takes them from the browser. Every statement is now a prepared one, parsed and planned once per " +
    "connection (Drizzle's postgres.js driver had sent each unnamed, so PostgreSQL planned it on every request: 210 → 44 µs " +
    "of PostgreSQL CPU per statement on the license page's reads). Left: the rotation overview, usage and progress each read their own " +
    "slices of the license's rotations and row, and with 20 users the view's up to 10 parallel reads per request can " +
    "queue for the app's 10 database connections.",

  async run() {
    const missing = missingPrerequisite("portal-pages");
    if (missing) return [{ case: missing, opsPerSecond: 0 }];
    const loadAverageAtStart = os.loadavg()[0]!.toFixed(2);
    const { app, cluster, stop } = await startAppUnderTest({
      label: "portal-pages",
      seedDemo: true,
      appEnv: { REKEY_BENCH_PAGES: "true" },
    });
    try {
      const cookie = `authjs.session-token=${await signInSeededUser(cluster.url)}`;
      const licenseId = await firstLicenseOfSeededUser(cluster.url);
      const pages: [string, string][] = [
        [BASELINE, "/bench/one-row"],
        ["dashboard /", "/"],
        ["license /licenses/[id]", `/licenses/${licenseId}`],
        ["devices /licenses/[id]/devices", `/licenses/${licenseId}/devices`],
        ["members /members", "/members"],
        ["audit log /audit", "/audit"],
      ];
      const targets: LoadTarget[] = pages.map(([name, page]) => ({
        name,
        url: `${app.url}${page}`,
        headers: { cookie },
      }));
      const perRequest = await measurePerRequest(targets, {
        clusterDir: cluster.dir,
        clusterUrl: cluster.url,
        pid: app.pid,
      });
      const figures = await measureInterleavedLoad(targets, {
        connections: USERS,
        ...ROUNDS,
        warmUpSeconds: 2,
        label: "portal-pages",
      });
      const loadAverageAtEnd = os.loadavg()[0]!.toFixed(2);
      return targets.map(({ name }): BenchmarkRow => {
        const row = summariseLoad(name, figures, name === BASELINE ? {} : { baseline: BASELINE, ratio: GOAL });
        return {
          ...row,
          case: `${row.case}; ${describePerRequest(perRequest.get(name)!)}; load average ${loadAverageAtStart} at start, ${loadAverageAtEnd} at end`,
        };
      });
    } finally {
      await stop();
    }
  },
};

/**
 * Statements per request and server CPU per request, each page requested one at a time after one
 * warm-up request. The statement log is switched on for this part only: under load it would cost
 * the database more than the pages do.
 */
async function measurePerRequest(
  targets: LoadTarget[],
  { clusterDir, clusterUrl, pid }: { clusterDir: string; clusterUrl: string; pid: number },
): Promise<Map<string, PerRequest>> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(clusterUrl, { max: 1, onnotice: () => {} });
  const logFile = path.join(clusterDir, "server.log");
  const perRequest = new Map<string, PerRequest>();
  try {
    await admin`alter system set log_statement = 'all'`;
    await admin`select pg_reload_conf()`;
    for (const target of targets) {
      // Also the moment the app's connections have taken the new setting: each reads it before its next statement.
      await requestPage(target);
      const logOffset = statSync(logFile).size;
      const cpuBefore = processCpuSeconds(pid);
      const databaseCpuBefore = readCpuSeconds(clusterDir).postgres;
      for (let request = 0; request < COUNTED_REQUESTS; request++) await requestPage(target);
      const cpuSeconds = processCpuSeconds(pid) - cpuBefore;
      const databaseCpuSeconds = readCpuSeconds(clusterDir).postgres - databaseCpuBefore;
      const logged = readFileSync(logFile).subarray(logOffset).toString("utf8");
      const statements = logged.match(/ LOG: {2}(statement|execute [^:]*): /g)?.length ?? 0;
      perRequest.set(target.name, {
        statements: Math.round((statements / COUNTED_REQUESTS) * 10) / 10,
        cpuMs: Math.round((cpuSeconds / COUNTED_REQUESTS) * 1000),
        databaseCpuMs: Math.round((databaseCpuSeconds / COUNTED_REQUESTS) * 1000),
      });
      console.log(`portal-pages: ${target.name}: ${describePerRequest(perRequest.get(target.name)!)}`);
    }
  } finally {
    await admin`alter system reset log_statement`;
    await admin`select pg_reload_conf()`;
    await admin.end();
  }
  return perRequest;
}

interface PerRequest {
  statements: number;
  /** The app server's CPU. */
  cpuMs: number;
  /** PostgreSQL's CPU (postmaster and backends): it shares the machine with the app server. */
  databaseCpuMs: number;
}

const describePerRequest = ({ statements, cpuMs, databaseCpuMs }: PerRequest) =>
  `per request ${statements} statements, ${cpuMs} ms app server CPU, ${databaseCpuMs} ms PostgreSQL CPU`;

async function requestPage(target: LoadTarget): Promise<void> {
  const response = await fetch(target.url, { headers: target.headers, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200)
    throw new Error(`${target.url} answered ${response.status}, not 200: the figures would not be the page's`);
}

/** The seeded owner's first license, as the dashboard lists it first. */
async function firstLicenseOfSeededUser(databaseUrl: string): Promise<string> {
  const { db, close } = await openDatabase({ databaseUrl, maxConnections: 1 });
  try {
    const [license] = await db
      .select({ id: licenses.id })
      .from(licenses)
      .innerJoin(orgMembers, eq(orgMembers.orgId, licenses.orgId))
      .innerJoin(users, and(eq(users.id, orgMembers.userId), eq(users.email, PORTAL_USER_EMAIL)))
      .orderBy(asc(licenses.createdAt))
      .limit(1);
    if (!license) throw new Error(`the demo seed has no license for ${PORTAL_USER_EMAIL}`);
    return license.id;
  } finally {
    await close();
  }
}
