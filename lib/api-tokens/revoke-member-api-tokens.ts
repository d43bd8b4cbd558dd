import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { apiTokens } from "@/lib/db/schema";

/**
 * A person leaves an organization (its directory deactivated or deleted them, issue 20): the tokens
 * they made for it stop at once, or their automation would keep the access the person lost.
 */
export async function revokeMemberApiTokens(
  tx: Tx,
  { orgId, userId, now }: { orgId: string; userId: string; now: Date },
) {
  return tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, prefix: apiTokens.prefix });
}
