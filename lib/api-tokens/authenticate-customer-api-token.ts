import { and, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { constantTimeEqual, type KeyedHasher } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { apiTokens, orgMembers, users } from "@/lib/db/schema";
import { Forbidden, Unauthenticated } from "@/lib/errors";
import type { CustomerApiTokenScope } from "@/lib/validations/customer-api-tokens";
import { bearerTokenDigest, CUSTOMER_API_TOKEN_PREFIX } from "./api-token-value";
import { isTokenUsable } from "./token-standing";

/** An organization's token, authenticated: the context its use cases run in, and what it may do. */
export interface CustomerApiCaller {
  tokenId: string;
  scopes: CustomerApiTokenScope[];
  /** Scoped to the token's organization, acting as the owner who made it and named as the token. */
  ctx: OrgCtx;
}

/** Every refusal reads the same, so a caller cannot tell an unknown value from a revoked one. */
const refused = () => new Unauthenticated("Send a valid Rekey API token as “Authorization: Bearer rk_org_…”.");

/**
 * Who is calling the customer API, from the Authorization header (RFC 6750 §2.1). The token acts
 * as the owner who made it, and only while they are still an owner of its organization (the role
 * is re-read on every call, so removing or demoting the owner ends their tokens).
 */
export async function authenticateCustomerApiToken(
  db: Db,
  hasher: KeyedHasher,
  { authorization, now }: { authorization: string | null; now: Date },
): Promise<CustomerApiCaller> {
  const digest = bearerTokenDigest(hasher, authorization, CUSTOMER_API_TOKEN_PREFIX);
  if (!digest) throw refused();
  const [token] = await db
    .select({
      id: apiTokens.id,
      digest: apiTokens.digest,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      orgId: orgMembers.orgId,
      userId: users.id,
      email: users.email,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .innerJoin(
      orgMembers,
      and(
        eq(orgMembers.orgId, apiTokens.orgId),
        eq(orgMembers.userId, apiTokens.createdBy),
        eq(orgMembers.role, "owner"),
      ),
    )
    .where(and(eq(apiTokens.digest, digest), isTokenUsable(now)));
  if (!token || !constantTimeEqual(token.digest, digest)) throw refused();
  return {
    tokenId: token.id,
    // An organization's tokens carry only customer scopes: createCustomerApiToken writes nothing else.
    scopes: token.scopes as CustomerApiTokenScope[],
    ctx: {
      db,
      now: () => now,
      orgId: token.orgId,
      memberRole: "owner",
      actor: {
        type: "user",
        userId: token.userId,
        email: token.email,
        apiToken: { id: token.id, prefix: token.prefix },
      },
    },
  };
}

/** Every token may list its organization's licenses and devices; each further scope is its own. */
export function requireCustomerScope(caller: CustomerApiCaller, needed: CustomerApiTokenScope): void {
  if (needed !== "licenses:read" && !caller.scopes.includes(needed))
    throw new Forbidden(`This token may not do this; it needs the “${needed}” scope.`);
}
