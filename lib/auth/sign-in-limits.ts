import type { Db } from "@/lib/db";
import { consumeEach, createRateLimiter } from "@/lib/http/rate-limiter";

export type SignInLimiter = (attempt: {
  email: string;
  ip: string;
  /** Sign-in by license key (issue 20): the key's keyed digest, never the key itself. */
  licenseKeyDigest?: string;
}) => Promise<void>;

/**
 * Sign-in links are cheap to ask for and expensive to receive: limit per address (mailbox
 * flooding) and per client IP (enumeration and spray). A sign-in by license key is also limited
 * per key, so one key cannot be tried with address after address from many clients.
 */
export function createSignInLimiter(db: Db, { perIpIn15Minutes = 30 } = {}): SignInLimiter {
  const perIp = createRateLimiter(db, { keyPrefix: "signin-ip", points: perIpIn15Minutes, durationSeconds: 15 * 60 });
  const perEmail = createRateLimiter(db, { keyPrefix: "signin-email", points: 5, durationSeconds: 15 * 60 });
  const perLicenseKey = createRateLimiter(db, { keyPrefix: "signin-license-key", points: 5, durationSeconds: 15 * 60 });
  return ({ email, ip, licenseKeyDigest }) =>
    consumeEach([
      { limiter: perIp, key: ip },
      { limiter: perEmail, key: email.toLowerCase() },
      ...(licenseKeyDigest === undefined ? [] : [{ limiter: perLicenseKey, key: licenseKeyDigest }]),
    ]);
}
