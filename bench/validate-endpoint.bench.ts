/**
 * What online validation costs under load: `POST /api/v1/licenses/validate` on the production
 * build (`npm start`, PostgreSQL) against the least the same answer can cost, a bare node:http +
 * postgres.js handler doing the same lookup and Ed25519 signature (baseline-server.ts).
 * Both servers are child processes on one throwaway PostgreSQL cluster with pools of 10; autocannon
 * runs in this process. Load generator, servers and database share the machine, so the ratio
 * within one run is the figure to trust; absolute req/s and latencies move with the machine.
 */
import assert from "node:assert/strict";
import { and, desc, eq, gt } from "drizzle-orm";
import { parseMasterKeyRing, type MasterKeyRing } from "@/lib/crypto";
import { openDatabase } from "@/lib/db";
import { licenseKeys, licenses } from "@/lib/db/schema";
import { openLicenseKey } from "@/lib/licensing";
import { missesGoal, type Benchmark, type BenchmarkRow } from "./benchmark";
import { missingPrerequisite, startAppUnderTest } from "./app-under-test";
import { whereTheTimeGoes } from "./cpu-profile";
import { measureInterleavedLoad, ROUNDS, summariseLoad, type LoadTarget } from "./http-load";

const BASELINE = "bare node:http + postgres.js handler, baseline";
const ENDPOINT = "validate endpoint, npm start (production build)";
const THROUGHPUT_GOAL = 0.8;
/** The endpoint's p99 at most this multiple of the baseline's, at each connection count. */
const P99_GOAL_VS_BASELINE = 1.5;
const CONNECTION_COUNTS = [10, 50];
const WARM_UP_SECONDS = 3;
const VALIDATE_PATH = "/api/v1/licenses/validate";
/** Why the endpoint costs more than the baseline per request, for the profile under a missed goal. */
const VALIDATE_BEYOND_BASELINE =
  "it counts every call against the per-address and per-key rate limits in PostgreSQL, so that every app process behind a " +
  "load balancer shares one budget (one upsert, shared by the calls in flight at the time; the baseline counts nothing), which is " +
  "most of PostgreSQL's extra CPU per request; it runs as a Next.js route handler, so each request becomes a WHATWG Request and its " +
  "answer a Response streamed back through undici's web streams (the undici, webstreams and async_hooks rows, and much of the " +
  "socket writes); Drizzle builds the lookup and maps its rows where the baseline reads plain rows; it records each answer's " +
  "telemetry in memory. The keyed digest, the lookup's statement and the Ed25519 signature are the same work in both.";

export const validateEndpointBenchmark: Benchmark = {
  name: "validate-endpoint",
  description:
    `Successful (2xx) validations per second at ${CONNECTION_COUNTS.join(" and ")} connections (pipelining 1), measured with autocannon: ` +
    "the app's validate endpoint on its production build with PostgreSQL, against a bare node:http + postgres.js handler " +
    "doing the same work (JSON body, keyed digest, the indexed key → license, product and edition lookup plus the " +
    "license's entitlements, Ed25519 compact JWS over the answer). " +
    `Goals at each connection count: the endpoint at ≥ ${THROUGHPUT_GOAL}× the baseline, and its p99 latency ≤ ${P99_GOAL_VS_BASELINE}× the baseline's. ` +
    `Per connection count, after a ${WARM_UP_SECONDS} s warm-up each, the two run ${ROUNDS.rounds} rounds of ${ROUNDS.roundSeconds} s in rotating order; ` +
    "ops/s and latencies are medians over rounds, the ratio the median of per-round ratios, failure counts are totals. " +
    "Load generator, servers and database share the machine, so absolute figures understate a deployment.",

  async run() {
    const missing = missingPrerequisite("validate-endpoint");
    if (missing) return [{ case: missing, opsPerSecond: 0 }];
    const { app, cluster, profileFile, secrets, startBaseline, stop } = await startAppUnderTest({
      label: "validate-endpoint",
      seedDemo: true,
    });
    try {
      const baseline = await startBaseline();

      const request = {
        key: await readSeededLicenseKey(cluster.url, parseMasterKeyRing(secrets.masterKey)),
        nonce: "bench-nonce-0001",
      };
      await assertSameAnswer(
        { app: `${app.url}${VALIDATE_PATH}`, baseline: `${baseline.url}${VALIDATE_PATH}` },
        request,
      );

      const post = {
        method: "POST" as const,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      };
      const rows: BenchmarkRow[] = [];
      const notes: string[] = [];
      for (const connections of CONNECTION_COUNTS) {
        const targets: LoadTarget[] = [
          { name: `${BASELINE}, ${connections} connections`, url: `${baseline.url}${VALIDATE_PATH}`, ...post },
          { name: `${ENDPOINT}, ${connections} connections`, url: `${app.url}${VALIDATE_PATH}`, ...post },
        ];
        const [baselineTarget, endpointTarget] = targets as [LoadTarget, LoadTarget];
        const figures = await measureInterleavedLoad(targets, {
          connections,
          ...ROUNDS,
          warmUpSeconds: WARM_UP_SECONDS,
          label: "validate-endpoint",
        });
        const endpoint = summariseLoad(endpointTarget.name, figures, {
          baseline: baselineTarget.name,
          ratio: THROUGHPUT_GOAL,
          p99VsBaseline: P99_GOAL_VS_BASELINE,
        });
        rows.push(summariseLoad(baselineTarget.name, figures), endpoint);
        if (missesGoal(endpoint))
          notes.push(
            await whereTheTimeGoes({
              title: `validate endpoint at ${connections} connections`,
              targets,
              profiled: endpointTarget,
              app: { pid: app.pid, profileFile },
              baseline,
              clusterDir: cluster.dir,
              connections,
              seconds: ROUNDS.roundSeconds,
              beyondBaseline: VALIDATE_BEYOND_BASELINE,
            }),
          );
      }
      return { rows, notes };
    } finally {
      await stop();
    }
  },
};

/**
 * A seeded key the endpoint answers VALID for. Keys are stored sealed, and this run chose the
 * master key, so the key is opened rather than a new one issued: the benchmark writes nothing.
 */
export async function readSeededLicenseKey(databaseUrl: string, ring: MasterKeyRing): Promise<string> {
  const { db, close } = await openDatabase({ databaseUrl, maxConnections: 1 });
  try {
    const [activeKey] = await db
      .select({ id: licenseKeys.id, ciphertext: licenseKeys.ciphertext })
      .from(licenseKeys)
      .innerJoin(licenses, eq(licenses.id, licenseKeys.licenseId))
      .where(and(eq(licenseKeys.state, "active"), eq(licenses.status, "active"), gt(licenses.expiresAt, new Date())))
      .orderBy(desc(licenses.seats))
      .limit(1);
    assert.ok(activeKey, "the demo seed has no active license with an active key");
    return openLicenseKey(ring, activeKey);
  } finally {
    await close();
  }
}

interface ValidateAnswer {
  code: string;
  license: { entitlements: string[] } | null;
}

/**
 * A benchmark of two different answers would compare nothing: same code, license and fields, and
 * a license with entitlements, so the second query returns rows on both sides.
 */
async function assertSameAnswer(urls: { app: string; baseline: string }, request: unknown): Promise<void> {
  const [app, baseline] = await Promise.all([postValidate(urls.app, request), postValidate(urls.baseline, request)]);
  assert.equal(app.code, "VALID");
  assert.equal(baseline.code, app.code);
  assert.deepEqual(baseline.license, app.license);
  assert.deepEqual(Object.keys(baseline).sort(), Object.keys(app).sort());
  assert.ok(app.license && app.license.entitlements.length > 0, "the benchmarked license has no entitlements");
}

async function postValidate(url: string, request: unknown): Promise<ValidateAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  assert.equal(response.status, 200, `${url} answered ${response.status}: ${await response.clone().text()}`);
  return (await response.json()) as ValidateAnswer;
}
