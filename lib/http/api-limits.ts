import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimited } from "@/lib/errors";

/**
 * Public API limits: per client address (a misbehaving install or a scanner) and per key (one key
 * hammered from many places). Generous enough that a well-behaved fleet behind one NAT never hits
 * them; validation is cheap to repeat later, so 429 + Retry-After is the right answer.
 */
const perIp = new RateLimiterMemory({ keyPrefix: "api-ip", points: 600, duration: 60 });
const perKey = new RateLimiterMemory({ keyPrefix: "api-key", points: 120, duration: 60 });

export async function consumeApiCall({ ip, keyDigest }: { ip: string; keyDigest?: string }): Promise<void> {
  try {
    await perIp.consume(ip);
    if (keyDigest) await perKey.consume(keyDigest);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}
