import { desc, eq } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { apiTokens, users } from "@/lib/db/schema";
import { tokenStanding } from "./token-standing";

/** Every token for the admin view, newest first; never the digest. */
export async function listApiTokens(ctx: StaffCtx) {
  const rows = await ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      createdAt: apiTokens.createdAt,
      createdByEmail: users.email,
      lastUsedAt: apiTokens.lastUsedAt,
      lastUsedFrom: apiTokens.lastUsedFrom,
      overlapEndsAt: apiTokens.overlapEndsAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(200);
  const now = ctx.now();
  return rows.map((row) => ({ ...row, standing: tokenStanding(row, now) }));
}
