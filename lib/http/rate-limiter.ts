import { lt, sql } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { preparedPerHandle, type Db } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";
import { RateLimited } from "@/lib/errors";

export interface RateLimitRule {
  /** Bucket namespace, e.g. `api-ip`; the caller's key is appended. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export type RateLimiter = RateLimiterDrizzle;

/**
 * A limiter whose counters live in PostgreSQL (the `rate_limits` table), so every app process
 * behind a load balancer counts against the same budget. A caller already over the limit is
 * refused from memory until its window ends, so a flood never turns into a flood of writes; if
 * the database does not answer, an in-process limiter with the same rule decides instead.
 */
export function createRateLimiter(db: Db, { keyPrefix, points, durationSeconds }: RateLimitRule): RateLimiter {
  return new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix,
    points,
    duration: durationSeconds,
    inMemoryBlockOnConsumed: points + 1,
    insuranceLimiter: insuranceFor({ keyPrefix, points, durationSeconds }),
  });
}

/** Consumes one point from each limiter in turn; the first refusal becomes 429 + Retry-After. */
export async function consumeEach(limits: { limiter: RateLimiterAbstract; key: string }[]): Promise<void> {
  try {
    for (const { limiter, key } of limits) await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimited(retryAfterSeconds(rejection.msBeforeNext));
    throw rejection;
  }
}

/** Consumes one point from the bucket of each rule that has a key; `undefined` skips that rule. */
export type RateLimitGroup = (keys: readonly (string | undefined)[]) => Promise<void>;

/**
 * Several limits on one call (per address and per key, say) counted in one prepared statement:
 * one round trip and no query building per call, on paths as hot as online validation. Counts
 * live in the same table and the same `prefix:key` buckets as `createRateLimiter`'s, with the
 * same window arithmetic, in-memory refusal of callers already over a limit, and in-process
 * fallback when the database does not answer. Unlike `consumeEach`, a call refused by one rule
 * has still counted against the others (the first refusal per process; later ones are refused
 * from memory before the statement).
 */
export function createRateLimitGroup(db: Db, rules: readonly RateLimitRule[], { clock = Date.now }: { clock?: () => number } = {}): RateLimitGroup {
  const blockedUntil = new Map<string, number>();
  const insurance = rules.map(insuranceFor);
  scheduleExpiredRowCleanup(db);

  return async (keys) => {
    const buckets = rules.flatMap((rule, index) => (keys[index] === undefined ? [] : [{ rule, index, key: keys[index], name: `${rule.keyPrefix}:${keys[index]}` }]));
    if (buckets.length === 0) return;
    const now = clock();
    for (const { name } of buckets) {
      const until = blockedUntil.get(name);
      if (until === undefined) continue;
      if (until > now) throw new RateLimited(retryAfterSeconds(until - now));
      blockedUntil.delete(name);
    }

    let counted: { key: string; points: number; expire: Date | null }[];
    try {
      counted = await consumeRateLimitPoints(buckets.length)(db).execute({
        now: new Date(now),
        ...Object.fromEntries(buckets.flatMap(({ rule, name }, row) => [[`key${row}`, name], [`expire${row}`, new Date(now + rule.durationSeconds * 1000)]])),
      });
    } catch {
      return consumeEach(buckets.map(({ index, key }) => ({ limiter: insurance[index]!, key })));
    }

    for (const { rule, name } of buckets) {
      const bucket = counted.find((row) => row.key === name);
      if (!bucket || bucket.points <= rule.points) continue;
      const until = bucket.expire?.getTime() ?? now;
      blockedUntil.set(name, until);
      throw new RateLimited(retryAfterSeconds(until - now));
    }
  };
}

const preparedByRowCount = new Map<number, ReturnType<typeof prepareConsumeRateLimitPoints>>();

function consumeRateLimitPoints(rowCount: number) {
  let prepared = preparedByRowCount.get(rowCount);
  if (!prepared) {
    prepared = prepareConsumeRateLimitPoints(rowCount);
    preparedByRowCount.set(rowCount, prepared);
  }
  return prepared;
}

/**
 * RateLimiterDrizzle's upsert for `rowCount` buckets at once: a window that has ended starts
 * over at one point, otherwise the point is added. Rows lock in the order given, the same for
 * every call, so concurrent calls queue rather than deadlock.
 */
function prepareConsumeRateLimitPoints(rowCount: number) {
  return preparedPerHandle((db: Db) => {
    const isExpired = sql`${rateLimits.expire} <= ${sql.param(sql.placeholder("now"), rateLimits.expire)}`;
    return db
      .insert(rateLimits)
      .values(Array.from({ length: rowCount }, (_, row) => ({ key: sql.placeholder(`key${row}`), points: 1, expire: sql.placeholder(`expire${row}`) })))
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          points: sql`CASE WHEN ${isExpired} THEN excluded.points ELSE ${rateLimits.points} + excluded.points END`,
          expire: sql`CASE WHEN ${isExpired} THEN excluded.expire ELSE ${rateLimits.expire} END`,
        },
      })
      .returning({ key: rateLimits.key, points: rateLimits.points, expire: rateLimits.expire })
      .prepare(`consume_rate_limit_points_${rowCount}`);
  });
}

const CLEANUP_INTERVAL_MS = 5 * 60_000;
const EXPIRED_RETENTION_MS = 60 * 60_000;

/** What RateLimiterDrizzle does for its own rows: drop buckets whose window ended over an hour ago. */
function scheduleExpiredRowCleanup(db: Db): void {
  const timer = setInterval(() => {
    db.delete(rateLimits)
      .where(lt(rateLimits.expire, new Date(Date.now() - EXPIRED_RETENTION_MS)))
      .catch(() => {
        // The next run tries again; stale rows only cost space, never a wrong count.
      });
  }, CLEANUP_INTERVAL_MS);
  timer.unref();
}

function insuranceFor({ keyPrefix, points, durationSeconds }: RateLimitRule): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
}

function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}
