/**
 * What the two endpoints every offline client polls cost: `GET /.well-known/jwks.json` and
 * `GET /api/v1/revocations?since=N` on the production build with PostgreSQL, the feed holding
 * BENCH_REVOCATIONS revocations (1 000 000 by default) and `since` near its end. Each is compared
 * with the bare node:http handler serving the same answer (baseline-server.ts), and the
 * conditional polls (If-None-Match → 304) are counted against the database's own transaction
 * counter: an unchanged feed or JWKS must be answered from memory.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { missesGoal, type Benchmark, type BenchmarkRow } from "./benchmark";
import { missingPrerequisite, startAppUnderTest } from "./app-under-test";
import { whereTheTimeGoes } from "./cpu-profile";
import { loadUnderConcurrency, measureInterleavedLoad, ROUNDS, summariseLoad, type LoadTarget } from "./http-load";

const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 1_000_000);
/** `since` this far behind the head: a client that last polled a little while ago. */
const SINCE_BEHIND_HEAD = 100;
const P50_GOAL_MS = 10;
const FEED_THROUGHPUT_GOAL = 0.8;
const CONNECTIONS = 10;
const WARM_UP_SECONDS = 2;
const DB_CHECK_SECONDS = 5;

const JWKS_BASELINE = "JWKS, bare node:http (prepared bytes), baseline";
const JWKS = "JWKS, npm start";
const JWKS_304 = "JWKS If-None-Match → 304, npm start";
const FEED_BASELINE = "revocation feed page, bare node:http + postgres.js, baseline";
const FEED = "revocation feed page, npm start";
const FEED_304 = "revocation feed If-None-Match → 304, npm start";
/** Why a feed page costs the app more than the baseline, for the profile under a missed goal. */
const FEED_BEYOND_BASELINE =
  "every poll that reads a page counts against the per-address rate limit in PostgreSQL, so that every app process shares one " +
  "budget (an upsert the baseline does not make: most of PostgreSQL's extra CPU per request; a 304 is not counted); it runs as a " +
  "Next.js route handler, so each request becomes a WHATWG Request and its answer a Response streamed back through undici's web " +
  "streams; it reads the feed's head from memory for the ETag first. The page's statement, its JSON (serialized once for the " +
  "token and the body) and the Ed25519 signature are the same work in both.";

export const feedEndpointsBenchmark: Benchmark = {
  name: "feed-endpoints",
  description:
    `JWKS and revocation feed (${REVOCATIONS.toLocaleString("en-US")} revocations seeded, since = head − ${SINCE_BEHIND_HEAD}) at ${CONNECTIONS} connections, ` +
    `measured with autocannon against the production build on PostgreSQL. Goals: p50 ≤ ${P50_GOAL_MS} ms for each app row, and the feed page at ≥ ${FEED_THROUGHPUT_GOAL}× its baseline; ` +
    "ratios compare the app with a bare node:http handler serving the same answer (the JWKS as prepared bytes; the feed page " +
    "as one indexed range query and an Ed25519 JWS). The 304 rows send the ETag the endpoint gave; the last rows count the " +
    `database transactions (pg_stat_database.xact_commit) during ${DB_CHECK_SECONDS} s of 304s, goal 0; the window they are counted in ` +
    "is about 27 s (PostgreSQL reports a backend's counts up to 10 s late, so it is read 11 s before and after), and the signing service " +
    "re-reads its key set every 30 s between change notices (lib/signing/signing-service.ts), so the JWKS row may count that one read, " +
    "whatever the number of 304s. " +
    `${ROUNDS.rounds} rounds of ${ROUNDS.roundSeconds} s in rotating order after a ${WARM_UP_SECONDS} s warm-up; medians over rounds. Set BENCH_REVOCATIONS for a smaller feed.`,

  async run() {
    const missing = missingPrerequisite("feed-endpoints");
    if (missing) return [{ case: missing, opsPerSecond: 0 }];
    const { app, cluster, profileFile, startBaseline, stop } = await startAppUnderTest({
      label: "feed-endpoints",
      seedDemo: false,
    });
    const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      const head = await seedRevocations(sql, REVOCATIONS);
      const baseline = await startBaseline();

      const feedPath = `/api/v1/revocations?since=${head - SINCE_BEHIND_HEAD}`;
      const jwksEtag = await etagOf(`${app.url}/.well-known/jwks.json`);
      const feedEtag = await etagOf(`${app.url}${feedPath}`);
      const targets: LoadTarget[] = [
        { name: JWKS_BASELINE, url: `${baseline.url}/.well-known/jwks.json` },
        { name: JWKS, url: `${app.url}/.well-known/jwks.json` },
        {
          name: JWKS_304,
          url: `${app.url}/.well-known/jwks.json`,
          headers: { "if-none-match": jwksEtag },
          expect: "3xx",
        },
        { name: FEED_BASELINE, url: `${baseline.url}${feedPath}` },
        { name: FEED, url: `${app.url}${feedPath}` },
        { name: FEED_304, url: `${app.url}${feedPath}`, headers: { "if-none-match": feedEtag }, expect: "3xx" },
      ];
      const figures = await measureInterleavedLoad(targets, {
        connections: CONNECTIONS,
        ...ROUNDS,
        warmUpSeconds: WARM_UP_SECONDS,
        label: "feed-endpoints",
      });
      const rows: BenchmarkRow[] = [
        summariseLoad(JWKS_BASELINE, figures),
        summariseLoad(JWKS, figures, { baseline: JWKS_BASELINE, p50Ms: P50_GOAL_MS }),
        summariseLoad(JWKS_304, figures, { baseline: JWKS_BASELINE, p50Ms: P50_GOAL_MS }),
        summariseLoad(FEED_BASELINE, figures),
        summariseLoad(FEED, figures, { baseline: FEED_BASELINE, ratio: FEED_THROUGHPUT_GOAL, p50Ms: P50_GOAL_MS }),
        summariseLoad(FEED_304, figures, { baseline: FEED_BASELINE, p50Ms: P50_GOAL_MS }),
      ];
      // Each app row that misses a goal is profiled against its baseline, before the transaction
      // counts, which need the app idle apart from their own 304s.
      const notes: string[] = [];
      for (const [baselineIndex, appIndex] of [
        [0, 1],
        [0, 2],
        [3, 4],
        [3, 5],
      ] as const) {
        if (!missesGoal(rows[appIndex]!)) continue;
        notes.push(
          await whereTheTimeGoes({
            title: `${targets[appIndex]!.name} at ${CONNECTIONS} connections`,
            targets: [targets[baselineIndex]!, targets[appIndex]!],
            profiled: targets[appIndex]!,
            app: { pid: app.pid, profileFile },
            baseline,
            clusterDir: cluster.dir,
            connections: CONNECTIONS,
            seconds: ROUNDS.roundSeconds,
            beyondBaseline: appIndex === 4 ? FEED_BEYOND_BASELINE : undefined,
          }),
        );
      }
      for (const target of [targets[2]!, targets[5]!]) rows.push(await countDatabaseWork(sql, target));
      return { rows, notes };
    } finally {
      await sql.end();
      await stop();
    }
  },
};

/** Bulk-inserted in one statement: the benchmark measures reading the feed, not writing it. */
async function seedRevocations(sql: postgres.Sql, count: number): Promise<number> {
  console.log(`feed-endpoints: seeding ${count.toLocaleString("en-US")} revocations`);
  await sql`
    insert into revocations (kind, subject_id, reason_code, revoked_at)
    select 'device', 'bench-device-' || n, 'cessation_of_operation', now() - (${count} - n) * interval '1 second'
    from generate_series(1, ${count}::int) as n`;
  await sql`analyze revocations`;
  const [row] = await sql<{ head: string }[]>`select max(seq) as head from revocations`;
  return Number(row!.head);
}

async function etagOf(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url} answered ${response.status}`);
  const etag = response.headers.get("etag");
  assert.ok(etag, `${url} sent no ETag`);
  assert.equal(
    (await fetch(url, { headers: { "if-none-match": etag } })).status,
    304,
    `${url} does not answer 304 to its own ETag`,
  );
  return etag;
}

/** Transactions the database committed while only 304s were asked for (its own counter, so nothing is missed). */
async function countDatabaseWork(sql: postgres.Sql, target: LoadTarget): Promise<BenchmarkRow> {
  const committed = async () => {
    // A backend that has gone idle reports its counts up to 10 s later (PostgreSQL 15+, PGSTAT_IDLE_INTERVAL):
    // wait them out, or the page rounds just before would be counted in the window.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const [row] = await sql<
      { n: string }[]
    >`select xact_commit as n from pg_stat_database where datname = current_database()`;
    return Number(row!.n);
  };
  // Autovacuum's own transactions count too: after the seeding and the page rounds it would be busy in the
  // window, and its launcher visits the database every minute (autovacuum_naptime) even with nothing to do.
  await sql`vacuum analyze`;
  await setAutovacuum(sql, "off");
  const before = await committed();
  const figures = await loadUnderConcurrency(target, { connections: CONNECTIONS, seconds: DB_CHECK_SECONDS });
  // Our own two statistics reads (each a transaction) are not the app's work.
  const transactions = (await committed()) - before - 1;
  await setAutovacuum(sql, "on");
  const requests = Math.round(figures.requestsPerSecond * DB_CHECK_SECONDS);
  return {
    case: `${target.name}: ${transactions} database transactions during ${requests.toLocaleString("en-US")} 304s`,
    opsPerSecond: figures.requestsPerSecond,
    limits: [{ goal: "0 database transactions", isMet: transactions <= 0 }],
  };
}

async function setAutovacuum(sql: postgres.Sql, setting: "on" | "off"): Promise<void> {
  await sql.unsafe(`alter system set autovacuum = ${setting}`);
  await sql`select pg_reload_conf()`;
}
