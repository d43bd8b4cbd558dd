import type { Db } from "@/lib/db";
import { consumeEach, createRateLimiter } from "@/lib/http/rate-limiter";

export type SignInLimiter = (attempt: { email: string; ip: string }) => Promise<void>;

/**
 * Sign-in links are cheap to ask for and expensive to receive: limit per address (mailbox
 * flooding) and per client IP (enumeration and spray).
 */
export function createSignInLimiter(db: Db, { perIpIn15Minutes = 30 } = {}): SignInLimiter {
  const perIp = createRateLimiter(db, { keyPrefix: "signin-ip", points: perIpIn15Minutes, durationSeconds: 15 * 60 });
  const perEmail = createRateLimiter(db, { keyPrefix: "signin-email", points: 5, durationSeconds: 15 * 60 });
  return ({ email, ip }) =>
    consumeEach([
      { limiter: perIp, key: ip },
      { limiter: perEmail, key: email.toLowerCase() },
    ]);
}
