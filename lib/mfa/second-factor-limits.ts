import type { Db } from "@/lib/db";
import { consumeEach, createRateLimiter } from "@/lib/http/rate-limiter";

/** One code typed by a person, from the address the request came from (lib/http/client-address.ts). */
export interface SecondFactorGuess {
  userId: string;
  address: string;
}

/** Caps code guesses: six digits fall to brute force without a limit. */
export interface SecondFactorLimiter {
  consume(guess: SecondFactorGuess): Promise<void>;
  /** A right code clears the person's count; the address's count stays (one address spraying many people). */
  reset(userId: string): Promise<void>;
}

export interface SecondFactorLimits {
  attemptsPerUser?: number;
  attemptsPerAddress?: number;
  windowSeconds?: number;
}

/**
 * Counts guesses in PostgreSQL (the `rate_limits` table, lib/http/rate-limiter.ts) like the sign-in
 * and API limits: a budget kept in process memory multiplied with the number of app processes and
 * started over on every restart. Per person (one account guessed from many addresses) and per
 * address (one address guessing many accounts; the same number as sign-in links per address).
 */
export function createSecondFactorLimiter(
  db: Db,
  { attemptsPerUser = 5, attemptsPerAddress = 30, windowSeconds = 15 * 60 }: SecondFactorLimits = {},
): SecondFactorLimiter {
  const perUser = createRateLimiter(db, {
    keyPrefix: "second-factor-user",
    points: attemptsPerUser,
    durationSeconds: windowSeconds,
  });
  const perAddress = createRateLimiter(db, {
    keyPrefix: "second-factor-ip",
    points: attemptsPerAddress,
    durationSeconds: windowSeconds,
  });
  return {
    consume: ({ userId, address }) =>
      consumeEach([
        { limiter: perAddress, key: address },
        { limiter: perUser, key: userId },
      ]),
    async reset(userId) {
      await perUser.delete(userId);
    },
  };
}

/**
 * Counts the guess before `check` looks at the code (a wrong guess still counts) and clears the
 * person's count once it succeeds. Called outside the transaction that checks the code: a wrong
 * code rolls that transaction back, and the count must not roll back with it.
 */
export async function withGuessLimit<T>(
  limiter: SecondFactorLimiter,
  guess: SecondFactorGuess,
  check: () => Promise<T>,
): Promise<T> {
  await limiter.consume(guess);
  const result = await check();
  await limiter.reset(guess.userId);
  return result;
}
