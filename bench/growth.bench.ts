/**
 * How the cost grows with the data (issue 21): the validate lookup at 10 k / 100 k / 1 M licenses,
 * the revocation feed page at 1 k / 100 k / 1 M revocations, the JWKS answer at 2 / 20 / 200 signing
 * keys (active, pending and retired), and a worker pass (plan + issue) at 1 k / 10 k / 100 k due rotations, each measured in this process on one PostgreSQL as the data
 * grows (rows are added to reach each size). Lookups and pages should cost the same at every size
 * (index lookups); the worker pass should cost the same per rotation (linear). Writes
 * bench/growth.svg, the curves as cost per operation relative to the smallest size.
 */
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { configureAuditKeys } from "@/lib/audit/audit-keys";
import {
  createKeyedHasher,
  formatMasterKeyRing,
  parseMasterKeyRing,
  type KeyedHasher,
  type MasterKeyRing,
} from "@/lib/crypto";
import { openDatabase, type Db } from "@/lib/db";
import { runRotationWorkerPass } from "@/lib/jobs/rotation-worker";
import { findLicenseByPresentedKey, listRevocations } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { jwksResponse } from "@/lib/http/jwks-response";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { makeOrg, makeProduct, systemActor } from "@/testing/factories";
import { missingPrerequisite } from "./app-under-test";
import { median, missesGoal, type Benchmark, type BenchmarkRow } from "./benchmark";
import { cpuSince, readCpuSeconds, type CpuSeconds } from "./cpu-time";
import { seedFleet } from "./seed-fleet";
import { startThrowawayCluster } from "./throwaway-postgres";

const sizesFrom = (variable: string, fallback: number[]) => process.env[variable]?.split(",").map(Number) ?? fallback;
const LICENSE_SIZES = sizesFrom("BENCH_GROWTH_LICENSES", [10_000, 100_000, 1_000_000]);
const REVOCATION_SIZES = sizesFrom("BENCH_GROWTH_REVOCATIONS", [1_000, 100_000, 1_000_000]);
const ROTATION_SIZES = sizesFrom("BENCH_GROWTH_ROTATIONS", [1_000, 10_000, 100_000]);
const SIGNING_KEY_SIZES = sizesFrom("BENCH_GROWTH_SIGNING_KEYS", [2, 20, 200]);
/** Lookups and page reads timed at each size, per round (one at a time: the latency, not the pool). */
const READS = 2_000;
/** Rounds of READS at each size; the size's figure is the median round's p50, so one burst of the machine's other work moves none. */
const ROUNDS = 3;
/** Cost per operation within this factor of the smallest size's counts as flat (the goal). */
const FLAT_GOAL = 1.2;

interface Curve {
  name: string;
  unit: string;
  points: Point[];
}

interface Point {
  size: number;
  msPerOperation: number;
  /** CPU milliseconds per operation: this process (the app's code, Drizzle, postgres.js) and PostgreSQL. */
  cpuMs: CpuSeconds;
}

export const growthBenchmark: Benchmark = {
  name: "growth",
  description:
    `Cost per operation as the data grows, on PostgreSQL in this process (no HTTP): the validate endpoint's key lookup (prepared, by digest) at ${formatSizes(LICENSE_SIZES)} licenses, ` +
    `the revocation feed's page read (prepared, since = head − 100) at ${formatSizes(REVOCATION_SIZES)} revocations, the JWKS answer (public keys read uncached, then the response with its ETag) at ${formatSizes(SIGNING_KEY_SIZES)} signing keys (two published, the rest retired), ` +
    `each ${ROUNDS} rounds of ${READS.toLocaleString("en-US")} reads one at a time (the median round's p50, on tables vacuumed, analyzed and written out first), ` +
    `and a worker pass planning then issuing ${formatSizes(ROTATION_SIZES)} rotations due together (ms per rotation). ` +
    `Goal: each at ≥ ${(1 / FLAT_GOAL).toFixed(2)}× the speed it has at the smallest size (within ${FLAT_GOAL}×: flat lookups, a linear worker). ` +
    "The ratio is the smallest size's cost over this size's. Sizes come from BENCH_GROWTH_LICENSES, BENCH_GROWTH_REVOCATIONS, " +
    "BENCH_GROWTH_SIGNING_KEYS and BENCH_GROWTH_ROTATIONS (comma-separated).\n\n![Cost per operation relative to the smallest size](growth.svg)",

  async run() {
    const missing = missingPrerequisite("growth");
    if (missing) return [{ case: missing, opsPerSecond: 0 }];
    const cluster = await startThrowawayCluster();
    const opened = await openDatabase({ databaseUrl: cluster.url, maxConnections: 10 });
    try {
      const { db } = opened;
      const secrets = {
        ring: parseMasterKeyRing(formatMasterKeyRing([{ version: 1, key: Buffer.alloc(32, 7) }])),
        hasher: createKeyedHasher("growth-bench-hmac-secret-0123456789"),
      };
      configureAuditKeys(() => secrets.ring);
      await ensureSigningKeys({ db, now: () => new Date(), actor: systemActor }, { ring: secrets.ring });
      const curves = [
        await measureKeyLookups(db, cluster.dir),
        await measureFeedPages(db, cluster.dir),
        await measureJwksAnswers(db, cluster.dir, secrets.ring),
        await measureWorkerPasses(db, cluster.dir, secrets),
      ];
      await writeFile(new URL("./growth.svg", import.meta.url), plotCurves(curves));
      const rows = curves.map(rowsOf);
      const notes = curves.filter((_, index) => rows[index]!.some(missesGoal)).map(whereTheTimeGoes);
      return { rows: rows.flat(), notes };
    } finally {
      await opened.close();
      await cluster.stop();
    }
  },
};

/**
 * After rows are added: vacuumed and analyzed now, a checkpoint taken and the files written out, so
 * that autovacuum, the checkpointer and the kernel's writeback do not run on the new rows during the
 * timed reads (one run's 1 000 000-license lookups cost twice the CPU, in this process and in
 * PostgreSQL alike, while they did).
 */
async function settle(db: Db) {
  await db.execute(sql`vacuum analyze`);
  await db.execute(sql`checkpoint`);
  // The cluster runs with fsync off: the checkpoint leaves its pages to the kernel, which writes them out meanwhile.
  execFileSync("sync");
}

function formatSizes(sizes: number[]) {
  return sizes.map((size) => size.toLocaleString("en-US")).join(" / ");
}

function rowsOf(curve: Curve): BenchmarkRow[] {
  const smallest = curve.points[0]!.msPerOperation;
  return curve.points.map(({ size, msPerOperation }, index) => ({
    case: `${curve.name} at ${size.toLocaleString("en-US")} ${curve.unit}: ${msPerOperation.toFixed(3)} ms per operation${index === 0 ? ", reference" : ""}`,
    opsPerSecond: 1000 / msPerOperation,
    ratio: smallest / msPerOperation,
    goal: index === 0 ? undefined : Number((1 / FLAT_GOAL).toFixed(2)),
  }));
}

async function measureKeyLookups(db: Db, clusterDir: string): Promise<Curve> {
  const { org } = await makeOrg(db);
  const { product, edition } = await makeProduct(db);
  const points = [];
  let seeded = 0;
  for (const size of LICENSE_SIZES) {
    console.log(`growth: ${size.toLocaleString("en-US")} licenses`);
    await db.execute(sql`
      with inserted as (
        insert into licenses (org_id, product_id, edition_id, seats, starts_at)
        select ${org.id}, ${product.id}, ${edition.id}, 1, now() from generate_series(1, ${size - seeded}::int)
        returning id)
      insert into license_keys (license_id, state, prefix, digest, ciphertext, master_key_version, activated_at)
      select id, 'active', 'RK-GRWT', md5(id::text), 'placeholder', 1, now() from inserted`);
    seeded = size;
    await settle(db);
    const digests = (await db.execute(sql`select digest from license_keys order by random() limit 100`)) as unknown as {
      digest: string;
    }[];
    points.push({
      size,
      ...(await medianLatency(clusterDir, async (index) => {
        const found = await findLicenseByPresentedKey(db, {
          digest: digests[index % digests.length]!.digest,
          isWellFormed: true,
        });
        if (!found) throw new Error("growth: a seeded key was not found");
      })),
    });
  }
  return { name: "validate key lookup", unit: "licenses", points };
}

async function measureFeedPages(db: Db, clusterDir: string): Promise<Curve> {
  const points = [];
  let seeded = 0;
  for (const size of REVOCATION_SIZES) {
    console.log(`growth: ${size.toLocaleString("en-US")} revocations`);
    await db.execute(sql`
      insert into revocations (kind, subject_id, reason_code, revoked_at)
      select 'license_key', 'RK-GRWT-' || n, 'unspecified', now() from generate_series(${seeded + 1}::int, ${size}::int) as n`);
    seeded = size;
    await settle(db);
    const since = Math.max(0, size - 100);
    points.push({
      size,
      ...(await medianLatency(clusterDir, async () => {
        const page = await listRevocations(db, { since });
        if (page.items.length === 0) throw new Error("growth: the feed page was empty");
      })),
    });
  }
  return { name: "revocation feed page", unit: "revocations", points };
}

/**
 * The signing keys grow by retired ones, as years of rotations leave them: the JWKS publishes only
 * pending, active and retiring keys, so its answer should not notice. The service reads uncached
 * (TTL 0), the cost of the answer after every key change.
 */
async function measureJwksAnswers(db: Db, clusterDir: string, ring: MasterKeyRing): Promise<Curve> {
  const signing = createSigningService({ db, ring, cacheTtlMs: 0 });
  const points = [];
  for (const size of SIGNING_KEY_SIZES) {
    console.log(`growth: JWKS at ${size.toLocaleString("en-US")} signing keys`);
    await db.execute(sql`
      insert into signing_keys (kid, algorithm, scope, state, public_jwk, private_ciphertext, master_key_version, retired_at)
      select kid || '-retired-' || n, algorithm, scope, 'retired', public_jwk, private_ciphertext, master_key_version, now()
      from (select * from signing_keys where state = 'active' limit 1) as active,
        generate_series((select count(*) from signing_keys)::int + 1, ${size}::int) as n`);
    await db.execute(sql`analyze signing_keys`);
    points.push({
      size,
      ...(await medianLatency(clusterDir, async () => {
        const response = jwksResponse(await signing.publicKeys(), null);
        if ((await response.arrayBuffer()).byteLength === 0) throw new Error("growth: the JWKS was empty");
      })),
    });
  }
  return { name: "JWKS answer", unit: "signing keys", points };
}

/** Each size in a fresh organisation: its licenses come due together and one worker loop plans and issues them all. */
async function measureWorkerPasses(
  db: Db,
  clusterDir: string,
  secrets: { ring: MasterKeyRing; hasher: KeyedHasher },
): Promise<Curve> {
  const now = new Date();
  const points = [];
  for (const size of ROTATION_SIZES) {
    console.log(`growth: worker pass over ${size.toLocaleString("en-US")} due rotations`);
    await seedFleet(db, size, now);
    const startedAt = performance.now();
    const cpuAtStart = readCpuSeconds(clusterDir);
    const pass = (at: Date) =>
      runRotationWorkerPass({
        db,
        now: () => at,
        secrets,
        mailer: devMailboxMailer,
        portalUrl: "https://portal.example",
        batchSize: 1_000,
      });
    await pass(now);
    const [due] = (await db.execute(
      sql`select min(scheduled_for) as at from rotations where state = 'planned'`,
    )) as unknown as { at: Date | string | null }[];
    // The notice lead has begun for the new fleet, its switch has not: planning then issuing, as in bulk-rotation.
    if (due?.at) await pass(new Date(new Date(due.at).getTime() - 60_000));
    points.push({
      size,
      msPerOperation: (performance.now() - startedAt) / size,
      cpuMs: cpuMsPer(size, cpuAtStart, clusterDir),
    });
  }
  return { name: "worker pass (plan + issue)", unit: "due rotations", points };
}

/** p50 of the timed reads (after a warm-up), and the CPU they cost per read. */
async function medianLatency(
  clusterDir: string,
  read: (index: number) => Promise<void>,
): Promise<{ msPerOperation: number; cpuMs: CpuSeconds }> {
  for (let index = 0; index < 100; index++) await read(index);
  const roundMedians: number[] = [];
  const cpuAtStart = readCpuSeconds(clusterDir);
  for (let round = 0; round < ROUNDS; round++) {
    const latencies: number[] = [];
    for (let index = 0; index < READS; index++) {
      const startedAt = performance.now();
      await read(index);
      latencies.push(performance.now() - startedAt);
    }
    roundMedians.push(median(latencies));
  }
  return { msPerOperation: median(roundMedians), cpuMs: cpuMsPer(READS * ROUNDS, cpuAtStart, clusterDir) };
}

function cpuMsPer(operations: number, cpuAtStart: CpuSeconds, clusterDir: string): CpuSeconds {
  const { node, postgres } = cpuSince(cpuAtStart, readCpuSeconds(clusterDir));
  return { node: (node * 1000) / operations, postgres: (postgres * 1000) / operations };
}

/**
 * For a curve that is not flat: whether the growing cost is this process's (the app's code) or
 * PostgreSQL's, per operation at each size; CPU, so the machine's other load does not count.
 */
function whereTheTimeGoes(curve: Curve): string {
  return [
    `### Where the time goes: ${curve.name}`,
    "",
    "CPU per operation at each size, read from /proc: this process (the app's code with Drizzle and postgres.js) and PostgreSQL.",
    "",
    `| ${curve.unit} | ms per operation | this process CPU ms / op | PostgreSQL CPU ms / op |`,
    "| ---: | ---: | ---: | ---: |",
    ...curve.points.map(
      ({ size, msPerOperation, cpuMs }) =>
        `| ${size.toLocaleString("en-US")} | ${msPerOperation.toFixed(3)} | ${cpuMs.node.toFixed(3)} | ${cpuMs.postgres.toFixed(3)} |`,
    ),
  ].join("\n");
}

/** A line per curve: relative cost per operation (1 = the smallest size) over the size, log scale. */
function plotCurves(curves: Curve[]): string {
  const width = 640;
  const height = 360;
  // The right margin holds half the widest tick label, centred on the last size ("1,000,000" was cut off).
  const margin = { left: 60, right: 40, top: 20, bottom: 70 };
  const colours = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700"];
  const relative = curves.map((curve) =>
    curve.points.map(({ size, msPerOperation }) => ({ size, cost: msPerOperation / curve.points[0]!.msPerOperation })),
  );
  const sizes = relative.flat().map(({ size }) => Math.log10(size));
  const [minX, maxX] = [Math.min(...sizes), Math.max(...sizes)];
  const maxY = Math.max(2, ...relative.flat().map(({ cost }) => cost));
  const x = (size: number) =>
    margin.left + ((Math.log10(size) - minX) / (maxX - minX || 1)) * (width - margin.left - margin.right);
  const y = (cost: number) => height - margin.bottom - (cost / maxY) * (height - margin.top - margin.bottom);
  const lines = relative.map((points, index) => {
    const colour = colours[index % colours.length]!;
    const path = points.map(({ size, cost }) => `${x(size).toFixed(1)},${y(cost).toFixed(1)}`).join(" ");
    const dots = points
      .map(({ size, cost }) => `<circle cx="${x(size).toFixed(1)}" cy="${y(cost).toFixed(1)}" r="3" fill="${colour}"/>`)
      .join("");
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>${dots}`;
  });
  const legend = curves.map(
    (curve, index) =>
      `<text x="${margin.left + (index % 2) * 280}" y="${height - 22 + Math.floor(index / 2) * 16}" font-size="12" fill="${colours[index % colours.length]}">${curve.name}</text>`,
  );
  const ticks = [...new Set(relative.flat().map(({ size }) => size))].map(
    (size) =>
      `<text x="${x(size).toFixed(1)}" y="${height - margin.bottom + 16}" font-size="11" text-anchor="middle">${size.toLocaleString("en-US")}</text>`,
  );
  const goal = `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(FLAT_GOAL)}" y2="${y(FLAT_GOAL)}" stroke="#888" stroke-dasharray="4 4"/><text x="${width - margin.right}" y="${y(FLAT_GOAL) - 4}" font-size="11" text-anchor="end" fill="#555">goal ≤ ${FLAT_GOAL}×</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<title>Cost per operation relative to the smallest size</title>
<rect width="100%" height="100%" fill="#fff"/>
<line x1="${margin.left}" y1="${height - margin.bottom}" x2="${width - margin.right}" y2="${height - margin.bottom}" stroke="#000"/>
<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${height - margin.bottom}" stroke="#000"/>
<text x="15" y="${margin.top + 10}" font-size="11">×${maxY.toFixed(1)}</text>
<text x="15" y="${y(1) + 4}" font-size="11">×1</text>
<text x="${(width / 2).toFixed(0)}" y="${height - margin.bottom + 34}" font-size="11" text-anchor="middle">data size (log scale)</text>
${goal}
${ticks.join("\n")}
${lines.join("\n")}
${legend.join("\n")}
</svg>
`;
}
