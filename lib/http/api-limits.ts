import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimited } from "@/lib/errors";

export interface ApiLimits {
  perIpPerMinute: number;
  perKeyPerMinute: number;
}

export type ApiLimiter = (caller: { ip: string; keyDigest?: string }) => Promise<void>;

/**
 * Public API limits: per client address (a misbehaving install or a scanner) and per key (one key
 * hammered from many places). The defaults are generous enough that a well-behaved fleet behind
 * one NAT never meets them; validation is cheap to repeat later, so 429 + Retry-After is right.
 */
export function createApiLimiter({ perIpPerMinute, perKeyPerMinute }: ApiLimits): ApiLimiter {
  const perIp = new RateLimiterMemory({ keyPrefix: "api-ip", points: perIpPerMinute, duration: 60 });
  const perKey = new RateLimiterMemory({ keyPrefix: "api-key", points: perKeyPerMinute, duration: 60 });
  return async ({ ip, keyDigest }) => {
    try {
      await perIp.consume(ip);
      if (keyDigest) await perKey.consume(keyDigest);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  };
}
