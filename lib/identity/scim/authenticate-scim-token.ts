import { eq } from "drizzle-orm";
import { apiTokenDigest } from "@/lib/api-tokens";
import type { KeyedHasher } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { orgScimTokens } from "@/lib/db/schema";
import { Unauthenticated } from "@/lib/errors";
import { SCIM_TOKEN_PREFIX } from "./rotate-scim-token";
import type { ScimCtx } from "./scim-context";

/** RFC 7644 §2: the directory's bearer token names the organization; nothing in the request does. */
export async function authenticateScimToken(
  db: Db,
  now: Date,
  authorization: string | null,
  { hasher }: { hasher: KeyedHasher },
): Promise<ScimCtx> {
  const value = /^Bearer (\S{1,200})$/.exec(authorization?.trim() ?? "")?.[1];
  if (!value?.startsWith(SCIM_TOKEN_PREFIX))
    throw new Unauthenticated("Send the organization's SCIM token as “Authorization: Bearer rk_scim_…”.");
  const [token] = await db
    .update(orgScimTokens)
    .set({ lastUsedAt: now })
    .where(eq(orgScimTokens.digest, apiTokenDigest(hasher, value)))
    .returning({ orgId: orgScimTokens.orgId, prefix: orgScimTokens.prefix });
  if (!token)
    throw new Unauthenticated("That SCIM token is not valid. An owner makes a new one in Settings → Security.");
  return { db, now: () => now, orgId: token.orgId, actor: { type: "system", label: `scim-token:${token.prefix}` } };
}
