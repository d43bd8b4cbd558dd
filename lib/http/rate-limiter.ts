import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db";
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
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
  });
}

/** Consumes one point from each limiter in turn; the first refusal becomes 429 + Retry-After. */
export async function consumeEach(limits: { limiter: RateLimiter; key: string }[]): Promise<void> {
  try {
    for (const { limiter, key } of limits) await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}
