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

/**
 * Consumes one point from each limiter in turn; the first refusal becomes 429 + Retry-After, with
 * that limit's `refusal` sentence when it has one.
 */
export async function consumeEach(
  limits: { limiter: RateLimiterAbstract; key: string; refusal?: string }[],
): Promise<void> {
  for (const { limiter, key, refusal } of limits) {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        throw new RateLimited(retryAfterSeconds(rejection.msBeforeNext), refusal);
      throw rejection;
    }
  }
}

/** Consumes one point from the bucket of each rule that has a key; `undefined` skips that rule. */
export type RateLimitGroup = (keys: readonly (string | undefined)[]) => Promise<void>;

interface Bucket {
  rule: RateLimitRule;
  index: number;
  key: string;
  name: string;
}

interface PendingCall {
  buckets: Bucket[];
  /** `null`: counted and allowed; otherwise what the call throws (RateLimited, or the failure that kept it from being counted). */
  settle: (refusal: unknown) => void;
}

/**
 * Several limits on one call (per address and per key, say) counted in one prepared statement:
 * one round trip and no query building per call, on paths as hot as online validation. Counts
 * live in the same table and the same `prefix:key` buckets as `createRateLimiter`'s, with the
 * same window arithmetic, in-memory refusal of callers already over a limit, and in-process
 * fallback when the database does not answer. Unlike `consumeEach`, a call refused by one rule
 * has still counted against the others (the first refusal per process; later ones are refused
 * from memory before the statement).
 *
 * Calls that arrive while a statement is in flight are counted together by the next one, each
 * bucket adding as many points as calls named it. Under load one busy bucket (many clients behind
 * one address) would otherwise mean a queue of single-point updates to one row, each waiting for
 * the row lock of the one before; counted together, the calls still get the answer they would
 * have got one by one, in arrival order.
 */
export function createRateLimitGroup(
  db: Db,
  rules: readonly RateLimitRule[],
  { clock = Date.now }: { clock?: () => number } = {},
): RateLimitGroup {
  const blockedUntil = new Map<string, number>();
  const insurance = rules.map(insuranceFor);
  let waiting: PendingCall[] = [];
  let isCounting = false;
  scheduleExpiredRowCleanup(db);

  async function countWaitingCalls(): Promise<void> {
    isCounting = true;
    while (waiting.length > 0) {
      const calls = waiting;
      waiting = [];
      await countTogether(calls).catch((error: unknown) => {
        for (const call of calls) call.settle(error);
      });
    }
    isCounting = false;
  }

  async function countTogether(calls: PendingCall[]): Promise<void> {
    const now = clock();
    const pointsByName = new Map<string, { points: number; expire: Date }>();
    for (const { buckets } of calls) {
      for (const { rule, name } of buckets) {
        const entry = pointsByName.get(name);
        if (entry) entry.points += 1;
        else pointsByName.set(name, { points: 1, expire: new Date(now + rule.durationSeconds * 1000) });
      }
    }
    // Every statement locks its rows in name order, so concurrent statements queue rather than deadlock.
    const rows = [...pointsByName]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, { points, expire }]) => ({ key, points, expire }));

    let counted: { key: string; points: number; expire: Date | null }[];
    try {
      counted = await consumeRateLimitPoints(db).execute({ now: new Date(now), rows: JSON.stringify(rows) });
    } catch {
      for (const call of calls) {
        await consumeEach(call.buckets.map(({ index, key }) => ({ limiter: insurance[index]!, key }))).then(
          () => call.settle(null),
          call.settle,
        );
      }
      return;
    }

    // The calls of a bucket took its last points in arrival order: the first of them got the point after what was there before.
    const nextPosition = new Map(
      counted.map((bucket) => [bucket.key, bucket.points - pointsByName.get(bucket.key)!.points + 1]),
    );
    const expireOf = new Map(counted.map((bucket) => [bucket.key, bucket.expire?.getTime() ?? now]));
    for (const call of calls) {
      let refusal: RateLimited | null = null;
      for (const { rule, name } of call.buckets) {
        const position = nextPosition.get(name)!;
        nextPosition.set(name, position + 1);
        if (position <= rule.points || refusal) continue;
        const until = expireOf.get(name)!;
        blockedUntil.set(name, until);
        refusal = new RateLimited(retryAfterSeconds(until - now));
      }
      call.settle(refusal);
    }
  }

  return async (keys) => {
    const buckets = rules.flatMap((rule, index) =>
      keys[index] === undefined ? [] : [{ rule, index, key: keys[index], name: `${rule.keyPrefix}:${keys[index]}` }],
    );
    if (buckets.length === 0) return;
    const now = clock();
    for (const { name } of buckets) {
      const until = blockedUntil.get(name);
      if (until === undefined) continue;
      if (until > now) throw new RateLimited(retryAfterSeconds(until - now));
      blockedUntil.delete(name);
    }
    const refusal = await new Promise<unknown>((settle) => {
      waiting.push({ buckets, settle });
      if (!isCounting) void countWaitingCalls();
    });
    if (refusal) throw refusal;
  };
}

/**
 * RateLimiterDrizzle's upsert for any number of buckets at once (`rows`: a JSON array of
 * `{ key, points, expire }`): a window that has ended starts over at the points given, otherwise
 * they are added.
 */
const consumeRateLimitPoints = preparedPerHandle((db: Db) => {
  const isExpired = sql`${rateLimits.expire} <= ${sql.param(sql.placeholder("now"), rateLimits.expire)}`;
  return db
    .insert(rateLimits)
    .select(
      sql`select doc->>'key', (doc->>'points')::integer, (doc->>'expire')::timestamptz from jsonb_array_elements(${sql.placeholder("rows")}::jsonb) with ordinality as batch(doc, n) order by n`,
    )
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        points: sql`CASE WHEN ${isExpired} THEN excluded.points ELSE ${rateLimits.points} + excluded.points END`,
        expire: sql`CASE WHEN ${isExpired} THEN excluded.expire ELSE ${rateLimits.expire} END`,
      },
    })
    .returning({ key: rateLimits.key, points: rateLimits.points, expire: rateLimits.expire })
    .prepare("consume_rate_limit_points");
});

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
