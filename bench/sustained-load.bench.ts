/**
 * The load promise at full size, on PostgreSQL: the validate endpoint held at 50 concurrent
 * connections for 60 s, then the portal's main pages with 20 signed-in users at once, on the
 * production build (`npm start`). CI runs the same shape for a few seconds on the e2e server
 * (e2e/load.spec.ts). Every answer must be a 2xx; p50, p99 and the error rate go to
 * reports/load-full.postgres.json for docs/RELIABILITY.md as well as to bench/RESULTS.md.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { eq } from "drizzle-orm";
import { parseMasterKeyRing } from "@/lib/crypto";
import { openDatabase } from "@/lib/db";
import { sessions, users } from "@/lib/db/schema";
import { writeReport } from "@/testing/reports";
import type { Benchmark, BenchmarkRow } from "./benchmark";
import { missingPrerequisite, startAppUnderTest } from "./app-under-test";
import { loadUnderConcurrency, type LoadFigures } from "./http-load";
import { readSeededLicenseKey } from "./validate-endpoint.bench";

const VALIDATE_CONNECTIONS = 50;
const VALIDATE_SECONDS = Number(process.env.BENCH_SUSTAINED_SECONDS ?? 60);
const PORTAL_USERS = 20;
const PORTAL_SECONDS_PER_PAGE = Number(process.env.BENCH_PORTAL_SECONDS ?? 15);
const PORTAL_PAGES = ["/", "/members", "/audit", "/settings/notifications"];
/** The demo seed's Acme owner (lib/bootstrap/seed-demo-data.ts). */
export const PORTAL_USER_EMAIL = "alice@acme.example";

export const sustainedLoadBenchmark: Benchmark = {
  name: "sustained-load",
  description:
    `The validate endpoint held at ${VALIDATE_CONNECTIONS} concurrent connections for ${VALIDATE_SECONDS} s, then each of the portal's main pages ` +
    `(${PORTAL_PAGES.join(", ")}) with ${PORTAL_USERS} signed-in users for ${PORTAL_SECONDS_PER_PAGE} s, on the production build with PostgreSQL ` +
    "(autocannon, pipelining 1). Ops/s counts 2xx answers only; the case names carry p50, p99 and the error rate " +
    "(non-2xx answers plus connection errors and timeouts, over all answers). No baseline: this is the load promise, not a comparison.",

  async run() {
    const missing = missingPrerequisite("sustained-load");
    if (missing) return [{ case: missing, opsPerSecond: 0 }];
    const loadAverageAtStart = Math.round(os.loadavg()[0]! * 10) / 10;
    const { app, cluster, secrets, stop } = await startAppUnderTest({ label: "sustained-load", seedDemo: true });
    try {
      const key = await readSeededLicenseKey(cluster.url, parseMasterKeyRing(secrets.masterKey));
      console.log(`sustained-load: validate endpoint, ${VALIDATE_CONNECTIONS} connections for ${VALIDATE_SECONDS} s`);
      const validate = await loadUnderConcurrency(
        {
          name: "validate",
          url: `${app.url}/api/v1/licenses/validate`,
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ key }),
        },
        { connections: VALIDATE_CONNECTIONS, seconds: VALIDATE_SECONDS },
      );
      const cookie = `authjs.session-token=${await signInSeededUser(cluster.url)}`;
      const pages: Record<string, ReturnType<typeof summary>> = {};
      for (const path of PORTAL_PAGES) {
        console.log(`sustained-load: ${path}, ${PORTAL_USERS} signed-in users for ${PORTAL_SECONDS_PER_PAGE} s`);
        pages[path] = summary(
          await loadUnderConcurrency(
            { name: path, url: `${app.url}${path}`, headers: { cookie } },
            { connections: PORTAL_USERS, seconds: PORTAL_SECONDS_PER_PAGE },
          ),
          PORTAL_USERS,
          PORTAL_SECONDS_PER_PAGE,
        );
      }
      // The machine's load says how far the figures understate a dedicated server.
      const figures = {
        validate: summary(validate, VALIDATE_CONNECTIONS, VALIDATE_SECONDS),
        pages,
        cpus: os.cpus().length,
        loadAverageAtStart,
      };
      writeReport("load-full", figures, "postgres");
      return [
        row("validate endpoint", figures.validate),
        ...Object.entries(pages).map(([path, page]) => row(`portal ${path}`, page)),
      ];
    } finally {
      await stop();
    }
  },
};

function summary(figures: LoadFigures, connections: number, seconds: number) {
  const failed = figures.unexpected + figures.errors;
  return {
    connections,
    seconds,
    requests: figures.requests,
    requestsPerSecond: Math.round(figures.requestsPerSecond),
    p50Ms: figures.p50Ms,
    p99Ms: figures.p99Ms,
    failed,
    errorRate: figures.requests + figures.errors > 0 ? failed / (figures.requests + figures.errors) : 0,
  };
}

const row = (name: string, figures: ReturnType<typeof summary>): BenchmarkRow => ({
  case: `${name}, ${figures.connections} connections for ${figures.seconds} s; p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; error rate ${(figures.errorRate * 100).toFixed(2)} % (${figures.failed} of ${figures.requests.toLocaleString("en-US")})`,
  opsPerSecond: figures.requestsPerSecond,
});

/** A database session for the seeded owner, as Auth.js makes one at sign-in; returns its token. */
export async function signInSeededUser(databaseUrl: string): Promise<string> {
  const { db, close } = await openDatabase({ databaseUrl, maxConnections: 1 });
  try {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, PORTAL_USER_EMAIL));
    if (!user) throw new Error(`the demo seed has no ${PORTAL_USER_EMAIL}`);
    const sessionToken = randomBytes(32).toString("hex");
    await db.insert(sessions).values({ sessionToken, userId: user.id, expires: new Date(Date.now() + 86_400_000) });
    return sessionToken;
  } finally {
    await close();
  }
}
