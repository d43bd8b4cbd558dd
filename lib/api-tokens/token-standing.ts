import { and, gt, isNull, or, type SQL } from "drizzle-orm";
import { apiTokens } from "@/lib/db/schema";

/**
 * When a token works: not revoked, not past its expiry, and, once rolled, not past the end of its
 * overlap. One predicate for authentication and for the admin actions, so they agree.
 */
export function isTokenUsable(now: Date): SQL {
  return and(
    isNull(apiTokens.revokedAt),
    or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
    or(isNull(apiTokens.overlapEndsAt), gt(apiTokens.overlapEndsAt, now)),
  )!;
}

export type ApiTokenStanding = "active" | "rolled" | "expired" | "revoked";

export function tokenStanding(
  token: { revokedAt: Date | null; expiresAt: Date | null; overlapEndsAt: Date | null },
  now: Date,
): ApiTokenStanding {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= now) return "expired";
  if (token.overlapEndsAt) return token.overlapEndsAt > now ? "rolled" : "expired";
  return "active";
}
