import { eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { orgScimTokens } from "@/lib/db/schema";

/** What Settings shows of the organization's SCIM token: its prefix and when it was made and last used. */
export async function getScimToken(ctx: OrgCtx) {
  const [token] = await ctx.db
    .select({ prefix: orgScimTokens.prefix, createdAt: orgScimTokens.createdAt, lastUsedAt: orgScimTokens.lastUsedAt })
    .from(orgScimTokens)
    .where(eq(orgScimTokens.orgId, ctx.orgId));
  return token ?? null;
}
