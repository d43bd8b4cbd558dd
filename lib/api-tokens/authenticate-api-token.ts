import { and, eq, isNull, lt, or } from "drizzle-orm";
import { constantTimeEqual, type KeyedHasher } from "@/lib/crypto";
import type { StaffCtx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { apiTokens, users } from "@/lib/db/schema";
import { Forbidden, Unauthenticated } from "@/lib/errors";
import type { ApiTokenScope, RequiredScope } from "@/lib/validations/api-tokens";
import { API_TOKEN_PREFIX, bearerTokenDigest } from "./api-token-value";
import { isTokenUsable } from "./token-standing";

export interface AuthenticatedToken {
  id: string;
  scopes: ApiTokenScope[];
  actor: StaffCtx["actor"];
}

/** Every refusal reads the same, so a caller cannot tell an unknown value from a revoked one. */
const refused = () => new Unauthenticated("Send a valid management API token as “Authorization: Bearer rk_live_…”.");

/**
 * Who is calling, from the Authorization header (RFC 6750 §2.1). The token acts as the admin who
 * made it (their role is re-read, so a token dies with its maker's admin role), named as the
 * token in every audit event it causes.
 */
export async function authenticateApiToken(
  db: Db,
  hasher: KeyedHasher,
  { authorization, now }: { authorization: string | null; now: Date },
): Promise<AuthenticatedToken> {
  const digest = bearerTokenDigest(hasher, authorization, API_TOKEN_PREFIX);
  if (!digest) throw refused();
  const [token] = await db
    .select({
      id: apiTokens.id,
      digest: apiTokens.digest,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      userId: users.id,
      email: users.email,
      staffRole: users.staffRole,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(and(eq(apiTokens.digest, digest), isNull(apiTokens.orgId), isTokenUsable(now)));
  if (!token || !constantTimeEqual(token.digest, digest) || token.staffRole !== "admin") throw refused();
  return {
    id: token.id,
    // Vendor tokens (orgId null) carry only management scopes: createApiToken writes nothing else.
    scopes: token.scopes as ApiTokenScope[],
    actor: {
      type: "staff",
      userId: token.userId,
      email: token.email,
      role: "admin",
      apiToken: { id: token.id, prefix: token.prefix },
    },
  };
}

/** `full` grants everything; either write scope also grants `read`. */
function hasApiScope(scopes: readonly ApiTokenScope[], needed: RequiredScope): boolean {
  return scopes.some((scope) => scope === "full" || scope === needed || needed === "read");
}

export function requireApiScope(token: AuthenticatedToken, needed: RequiredScope): void {
  if (!hasApiScope(token.scopes, needed))
    throw new Forbidden(`This token's scope does not allow this; it needs “${needed}” (or “full”).`);
}

/** Resolution of “last used”: one write a minute per token at most, so reads stay reads. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Records a successful use (when and from which address) for the admin list. */
export async function recordApiTokenUse(db: Db, tokenId: string, { now, from }: { now: Date; from: string }) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now, lastUsedFrom: from })
    .where(
      and(
        eq(apiTokens.id, tokenId),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
      ),
    );
}
