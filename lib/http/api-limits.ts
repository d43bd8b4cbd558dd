import type { Db } from "@/lib/db";
import { createRateLimitGroup } from "./rate-limiter";

export interface ApiLimits {
  perIpPerMinute: number;
  perKeyPerMinute: number;
}

export type ApiLimiter = (caller: { ip: string; keyDigest?: string }) => Promise<void>;

/**
 * Public API limits: per client address (a misbehaving install or a scanner) and per key (one key
 * hammered from many places). The defaults are generous enough that a well-behaved fleet behind
 * one NAT never meets them; validation is cheap to repeat later, so 429 + Retry-After is right.
 * Both are counted in one statement: this runs before every validation.
 */
export function createApiLimiter(db: Db, { perIpPerMinute, perKeyPerMinute }: ApiLimits): ApiLimiter {
  const consume = createRateLimitGroup(db, [
    { keyPrefix: "api-ip", points: perIpPerMinute, durationSeconds: 60 },
    { keyPrefix: "api-key", points: perKeyPerMinute, durationSeconds: 60 },
  ]);
  return ({ ip, keyDigest }) => consume([ip, keyDigest]);
}
