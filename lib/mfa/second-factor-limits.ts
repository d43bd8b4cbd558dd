import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimited } from "@/lib/errors";

/** Caps code guesses per user: six digits fall to brute force without a limit. */
export interface SecondFactorLimiter {
  consume(userId: string): Promise<void>;
  reset(userId: string): Promise<void>;
}

export function createSecondFactorLimiter({ attempts = 5, windowSeconds = 15 * 60 } = {}): SecondFactorLimiter {
  const limiter = new RateLimiterMemory({ keyPrefix: "second-factor", points: attempts, duration: windowSeconds });
  return {
    async consume(userId) {
      try {
        await limiter.consume(userId);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        throw rejection;
      }
    },
    async reset(userId) {
      await limiter.delete(userId);
    },
  };
}
