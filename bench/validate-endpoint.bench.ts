/**
 * What online validation costs under load: `POST /api/v1/licenses/validate` on the production
 * build (`next start`, PostgreSQL) against the least the same answer can cost, a bare node:http +
 * postgres.js handler doing the same lookup and Ed25519 signature (validate-baseline-server.ts).
 * Both servers are child processes on one throwaway PostgreSQL cluster with pools of 10; autocannon
 * runs in this process. Load generator, servers and database share the machine, so the ratio
 * within one run is the figure to trust; absolute req/s and latencies move with the machine.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { and, desc, eq, gt } from "drizzle-orm";
import { formatMasterKeyRing, parseMasterKeyRing, type MasterKeyRing } from "@/lib/crypto";
import { openDatabase } from "@/lib/db";
import { licenseKeys, licenses } from "@/lib/db/schema";
import { openLicenseKey } from "@/lib/licensing";
import { median, medianRatio, type Benchmark, type BenchmarkRow } from "./benchmark";
import { postJsonUnderLoad, type LoadFigures } from "./http-load";
import { ensureProductionBuild, findFreePort, startForkedServer, startNextProductionServer, type RunningServer } from "./server-processes";
import { hasPostgresBinaries, startThrowawayCluster } from "./throwaway-postgres";

const BASELINE = "bare node:http + postgres.js handler, baseline";
const ENDPOINT = "validate endpoint, next start (production build)";
const THROUGHPUT_GOAL = 0.6;
const P99_GOAL_MS = 20;
const CONNECTIONS = 50;
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const WARM_UP_SECONDS = 3;
/** High enough that the load never meets the per-IP and per-key limits (requests per minute). */
const UNREACHABLE_API_LIMIT = "100000000";
const VALIDATE_PATH = "/api/v1/licenses/validate";
const PROJECT_DIR = fileURLToPath(new URL("..", import.meta.url));

export const validateEndpointBenchmark: Benchmark = {
  name: "validate-endpoint",
  description:
    `Successful (2xx) validations per second at ${CONNECTIONS} connections (pipelining 1), measured with autocannon: ` +
    "the app's validate endpoint on its production build with PostgreSQL, against a bare node:http + postgres.js handler " +
    "doing the same work (JSON body, keyed digest, the indexed key → license, product and edition lookup plus the " +
    "license's entitlements, Ed25519 compact JWS over the answer). " +
    `Goals: the endpoint at ≥ ${THROUGHPUT_GOAL}× the baseline, and its p99 latency ≤ ${P99_GOAL_MS} ms. ` +
    `After a ${WARM_UP_SECONDS} s warm-up each, the two run ${ROUNDS} rounds of ${ROUND_SECONDS} s in rotating order; ` +
    "ops/s and latencies are medians over rounds, the ratio the median of per-round ratios, failure counts are totals. " +
    `With a fixed ${CONNECTIONS} connections, latency is about connections ÷ throughput (Little's law), so the p99 goal ` +
    `also asks for roughly ${Math.round((CONNECTIONS / P99_GOAL_MS) * 1000).toLocaleString("en-US")}+ validations/s. ` +
    "Load generator, servers and database share the machine, so absolute figures understate a deployment.",

  async run() {
    if (!hasPostgresBinaries()) {
      console.warn("validate-endpoint: skipped, PostgreSQL is not installed here. Install it with `apt-get install -y postgresql`.");
      return [{ case: "skipped: PostgreSQL not installed (apt-get install -y postgresql)", opsPerSecond: 0 }];
    }
    await ensureProductionBuild(PROJECT_DIR);
    const cluster = await startThrowawayCluster();
    const servers: RunningServer[] = [];
    try {
      console.log(`validate-endpoint: PostgreSQL ${cluster.version} started; starting next start (migrates and seeds demo data).`);
      const secrets = generateSecrets();
      const appPort = await findFreePort();
      const app = await startNextProductionServer({
        projectDir: PROJECT_DIR,
        port: appPort,
        healthPath: "/api/health",
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: cluster.url,
          REKEY_MASTER_KEY: secrets.masterKey,
          REKEY_HMAC_SECRET: secrets.hmacSecret,
          AUTH_SECRET: secrets.authSecret,
          REKEY_PUBLIC_URL: `http://localhost:${appPort}`,
          REKEY_SEED_DEMO: "true",
          REKEY_WORKER_IN_PROCESS: "false",
          REKEY_API_LIMIT_PER_IP: UNREACHABLE_API_LIMIT,
          REKEY_API_LIMIT_PER_KEY: UNREACHABLE_API_LIMIT,
          LOG_LEVEL: "warn",
          NEXT_TELEMETRY_DISABLED: "1",
        },
      });
      servers.push(app);

      const baselinePort = await findFreePort();
      const baseline = await startForkedServer({
        modulePath: fileURLToPath(new URL("./validate-baseline-server.ts", import.meta.url)),
        port: baselinePort,
        env: { ...process.env, BASELINE_PORT: String(baselinePort), DATABASE_URL: cluster.url, REKEY_HMAC_SECRET: secrets.hmacSecret },
      });
      servers.push(baseline);

      const request = { key: await readSeededLicenseKey(cluster.url, parseMasterKeyRing(secrets.masterKey)), nonce: "bench-nonce-0001" };
      await assertSameAnswer({ app: `${app.url}${VALIDATE_PATH}`, baseline: `${baseline.url}${VALIDATE_PATH}` }, request);

      const figures = await measureInterleavedLoad(
        [
          { name: BASELINE, url: `${baseline.url}${VALIDATE_PATH}` },
          { name: ENDPOINT, url: `${app.url}${VALIDATE_PATH}` },
        ],
        request,
      );
      return [BASELINE, ENDPOINT].map((name) => summarise(name, figures));
    } finally {
      for (const server of servers.reverse()) await server.stop();
      await cluster.stop();
    }
  },
};

/** Fresh secrets per run, handed to the server and used here to read what it seeded. */
function generateSecrets() {
  return {
    masterKey: formatMasterKeyRing([{ version: 1, key: randomBytes(32) }]),
    hmacSecret: randomBytes(32).toString("base64url"),
    authSecret: randomBytes(32).toString("base64url"),
  };
}

/**
 * A seeded key the endpoint answers VALID for. Keys are stored sealed, and this run chose the
 * master key, so the key is opened rather than a new one issued: the benchmark writes nothing.
 */
async function readSeededLicenseKey(databaseUrl: string, ring: MasterKeyRing): Promise<string> {
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
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
  assert.equal(response.status, 200, `${url} answered ${response.status}: ${await response.clone().text()}`);
  return (await response.json()) as ValidateAnswer;
}

interface LoadTarget {
  name: string;
  url: string;
}

/** Rounds in rotating order, as `measureInterleaved` does, so background load hits both alike. */
async function measureInterleavedLoad(targets: LoadTarget[], body: unknown): Promise<Map<string, LoadFigures[]>> {
  for (const target of targets) await postJsonUnderLoad(target.url, body, { connections: CONNECTIONS, seconds: WARM_UP_SECONDS });
  const figures = new Map<string, LoadFigures[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = targets.map((_, index) => targets[(index + round) % targets.length]!);
    for (const target of order) {
      const roundFigures = await postJsonUnderLoad(target.url, body, { connections: CONNECTIONS, seconds: ROUND_SECONDS });
      figures.get(target.name)!.push(roundFigures);
      console.log(
        `validate-endpoint: round ${round + 1}/${ROUNDS}, ${target.name}: ${Math.round(roundFigures.requestsPerSecond)} req/s, ` +
          `p50 ${roundFigures.p50Ms} ms, p99 ${roundFigures.p99Ms} ms, ${roundFigures.non2xx} non-2xx, ${roundFigures.errors} errors`,
      );
    }
  }
  return figures;
}

/** The harness's table has no latency columns, so latencies and failures travel in the case name. */
function summarise(name: string, figures: Map<string, LoadFigures[]>): BenchmarkRow {
  const rounds = figures.get(name)!;
  const perRound = new Map([...figures].map(([target, runs]) => [target, runs.map((run) => run.requestsPerSecond)]));
  const p99Ms = median(rounds.map((run) => run.p99Ms));
  const isEndpoint = name === ENDPOINT;
  const latency = `p50 ${median(rounds.map((run) => run.p50Ms))} ms, p99 ${p99Ms} ms${isEndpoint ? ` (goal ≤ ${P99_GOAL_MS} ms: ${p99Ms <= P99_GOAL_MS ? "met" : "NOT MET"})` : ""}`;
  const non2xx = rounds.reduce((sum, run) => sum + run.non2xx, 0);
  const errors = rounds.reduce((sum, run) => sum + run.errors, 0);
  const failures = non2xx + errors === 0 ? "no errors or non-2xx" : `FAILURES: ${non2xx} non-2xx, ${errors} errors (only 2xx counted)`;
  return {
    case: `${name}; ${latency}; ${failures}`,
    opsPerSecond: median(perRound.get(name)!),
    ratio: medianRatio(perRound, name, BASELINE),
    ...(isEndpoint ? { goal: THROUGHPUT_GOAL } : {}),
  };
}
