import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks `Authorization: Bearer <token>` (RFC 6750 §2.1) against the configured token in constant
 * time: both sides are hashed first so neither their contents nor their lengths leak through timing.
 */
export function isMetricsRequestAuthorized(authorization: string | null, token: string): boolean {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization ?? "");
  const presented = createHash("sha256")
    .update(match?.[1] ?? "")
    .digest();
  const expected = createHash("sha256").update(token).digest();
  return timingSafeEqual(presented, expected) && match !== null;
}
