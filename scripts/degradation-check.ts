/**
 * Graceful degradation, run by `npm test` after `npm run build` (or alone: `npm run test:degradation`):
 * `npm start` on PostgreSQL reached through a TCP proxy this check controls (scripts/tcp-proxy.ts).
 * With the database cut off, a signed-in portal page and the public status page answer with the
 * outage page (503, Retry-After, no stack trace) rather than a sign-in redirect or a 500, the
 * client API answers 503 problem+json, and the JWKS is served from memory past its cache lifetime. Once the database is back, the same process
 * serves the portal again by itself. Figures go to reports/degradation.postgres.json.
 *
 * TEST_DATABASE_URL names a PostgreSQL server to create a throwaway database on; without it a
 * throwaway cluster is started (scripts/pg-cluster.mjs). Needs a production build (`npm run build`).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { ensureSigningKeys } from "@/lib/signing";
import { makeLicense, makeOrg, systemActor } from "@/testing/factories";
import { writeReport } from "@/testing/reports";
import { generateLicenseKey } from "@/lib/licensing/license-key-format";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { findFreePort, startProductionServer, type RunningServer } from "../bench/server-processes";
import {
  openCheckDatabase,
  PROJECT_DIR,
  productionEnv,
  productionSecrets,
  runCheck,
  runSteps,
  type CheckDatabase,
} from "./process-check";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

/** The signing service's key cache (lib/wiring/app-services.ts); past it, the JWKS comes from the stale copy. */
const JWKS_CACHE_MS = 30_000;
/** The pool retries a lost database at most every 2 s (lib/db/index.ts); the rest is a loaded machine's slack. */
const RECOVERY_TIMEOUT_MS = 15_000;
const OUTAGE_PAGE = "/status/unavailable";
/** What a stack trace or an internal error leaks into a page: frames, source paths, driver codes. */
const LEAKS = [
  /\n\s+at \S/,
  /\.(?:ts|tsx|js|mjs):\d+/,
  /ECONNREFUSED|CONNECTION_CLOSED|DrizzleQueryError|Failed query/,
  /node_modules|\.next\/server/,
];

async function main() {
  const started: { database?: CheckDatabase; app?: RunningServer; proxy?: TcpProxy } = {};
  try {
    const { databaseUrl, db } = (started.database = await openCheckDatabase("rekey_degradation", {
      maxConnections: 2,
    }));
    const { env: secretsEnv, secrets } = productionSecrets();
    const sessionCookie = await signedInCustomer(db, secrets);

    started.proxy = await startTcpProxy(databaseUrl);
    const proxy = started.proxy;
    const port = await findFreePort();
    const app = (started.app = await startProductionServer({
      projectDir: PROJECT_DIR,
      port,
      healthPath: "/api/health",
      // The worker runs in the app process too: its failing passes during the outage must not take the process down.
      env: productionEnv(proxy.url, secretsEnv, {
        REKEY_PUBLIC_URL: `http://localhost:${port}`,
        REKEY_WORKER_IN_PROCESS: "true",
        REKEY_WORKER_INTERVAL_MS: "1000",
      }),
    }));
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}${path}`, { redirect: "manual", headers, signal: AbortSignal.timeout(20_000) });
    const getPortal = () => get("/", { cookie: sessionCookie });

    let publishedKeys: unknown;
    let jwksWarmedAt = 0;
    let cutAt = 0;
    const figures: Record<string, unknown> = {};
    const steps = [
      {
        name: "with the database up, the signed-in portal and the JWKS answer 200",
        run: async () => {
          const portal = await getPortal();
          assert.equal(portal.status, 200, `portal answered ${portal.status} ${portal.headers.get("location") ?? ""}`);
          const jwks = await get("/.well-known/jwks.json");
          assert.equal(jwks.status, 200);
          publishedKeys = await jwks.json();
          jwksWarmedAt = Date.now();
        },
      },
      {
        name: "with the database cut off, a signed-in portal page goes to the outage page: 503, Retry-After, no stack trace",
        run: async () => {
          await proxy.cut();
          cutAt = Date.now();
          const portal = await getPortal();
          assert.equal(
            portal.status,
            307,
            `portal answered ${portal.status}, not a redirect to ${OUTAGE_PAGE}: ${(await portal.text()).slice(0, 300)}`,
          );
          assert.equal(new URL(portal.headers.get("location")!, app.url).pathname, OUTAGE_PAGE);
          const outage = await get(OUTAGE_PAGE);
          const page = await outage.text();
          assert.equal(outage.status, 503);
          assert.match(outage.headers.get("content-type") ?? "", /^text\/html/);
          assert.ok(Number(outage.headers.get("retry-after")) > 0, "Retry-After is missing");
          assert.match(page, /<h1>Rekey is temporarily unavailable<\/h1>/);
          assert.match(page, /http-equiv="refresh"/, "the page does not reload itself");
          for (const leak of LEAKS) assert.doesNotMatch(page, leak);
          figures.outagePage = { status: outage.status, retryAfterSeconds: Number(outage.headers.get("retry-after")) };
        },
      },
      {
        name: "the public status page and the health check say the same, without a stack trace",
        run: async () => {
          const status = await get("/status");
          assert.equal(status.status, 307, `/status answered ${status.status}: ${(await status.text()).slice(0, 300)}`);
          assert.equal(status.headers.get("location"), `${OUTAGE_PAGE}?from=status`);
          const health = await get("/api/health");
          const body = await health.text();
          assert.equal(health.status, 503);
          for (const leak of LEAKS) assert.doesNotMatch(body, leak);
        },
      },
      {
        name: "the client API answers 503 problem+json with Retry-After, so SDK clients back off and use their license file",
        run: async () => {
          // A well-formed key, so answering needs the key lookup: a malformed one is refused without the
          // database (UNKNOWN_KEY, signed from the cached signing key), which proves nothing about outages.
          const validate = await fetch(`${app.url}/api/v1/licenses/validate`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ key: generateLicenseKey() }),
          });
          const body = await validate.text();
          assert.equal(validate.status, 503, body);
          assert.match(validate.headers.get("content-type") ?? "", /^application\/problem\+json/);
          assert.ok(Number(validate.headers.get("retry-after")) > 0, "Retry-After is missing");
          assert.equal((JSON.parse(body) as { code: string }).code, "UNAVAILABLE");
          for (const leak of LEAKS) assert.doesNotMatch(body, leak);
          figures.validateStatusDuringOutage = validate.status;
        },
      },
      {
        name: "the JWKS is served from memory, past its cache lifetime, while the database is down",
        run: async () => {
          // Past the signing service's own cache, so the answer comes from the stale-if-error copy.
          await sleep(Math.max(0, jwksWarmedAt + JWKS_CACHE_MS + 1_000 - Date.now()));
          const jwks = await get("/.well-known/jwks.json");
          assert.equal(jwks.status, 200);
          assert.deepEqual(await jwks.json(), publishedKeys);
          figures.jwksServedFromMemoryAfterSeconds = Math.round((Date.now() - jwksWarmedAt) / 1000);
        },
      },
      {
        name: "once the database is back, the same process serves the portal again by itself",
        run: async () => {
          const outageSeconds = Math.round((Date.now() - cutAt) / 1000);
          await proxy.restore();
          const restoredAt = Date.now();
          // The outage page's own reload is how a waiting visitor finds out: it sends them home.
          let outage = await get(OUTAGE_PAGE);
          while (outage.status !== 303 && Date.now() - restoredAt < RECOVERY_TIMEOUT_MS) {
            await sleep(250);
            outage = await get(OUTAGE_PAGE);
          }
          assert.equal(
            outage.status,
            303,
            `still ${outage.status} ${RECOVERY_TIMEOUT_MS / 1000} s after the database returned`,
          );
          assert.equal(outage.headers.get("location"), "/");
          const portal = await getPortal();
          assert.equal(portal.status, 200, `portal answered ${portal.status} ${portal.headers.get("location") ?? ""}`);
          Object.assign(figures, { outageSeconds, recoveredWithinMs: Date.now() - restoredAt });
        },
      },
    ];
    const failed = await runSteps(steps);
    writeReport("degradation", { ...figures, steps: steps.length, failed }, "postgres");
    return failed;
  } finally {
    await started.app?.stop();
    await started.proxy?.close();
    await started.database?.close();
  }
}

/** A customer with a license and a database session, as Auth.js would have made it at sign-in; returns the cookie. */
async function signedInCustomer(db: Db, secrets: KeySecrets): Promise<string> {
  await ensureSigningKeys({ db, now: () => new Date(), actor: systemActor }, { ring: secrets.ring });
  const { org, user } = await makeOrg(db);
  await makeLicense(db, org.id);
  const sessionToken = randomBytes(32).toString("hex");
  await db.insert(t.sessions).values({ sessionToken, userId: user.id, expires: new Date(Date.now() + 86_400_000) });
  return `authjs.session-token=${sessionToken}`;
}

await runCheck("degradation", main);
