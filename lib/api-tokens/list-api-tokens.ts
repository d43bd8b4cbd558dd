import { desc, eq, isNull } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { apiTokens, users } from "@/lib/db/schema";
import type { ApiTokenScope } from "@/lib/validations/api-tokens";
import { listedTokenColumns } from "./api-token-value";
import { tokenStanding } from "./token-standing";

/** Every management token for the admin view, newest first; never the digest. */
export async function listApiTokens(ctx: StaffCtx) {
  const rows = await ctx.db
    .select({ ...listedTokenColumns, createdByEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    // Customer organizations' tokens are theirs to see and revoke (lib/api-tokens/list-customer-api-tokens.ts).
    .where(isNull(apiTokens.orgId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(200);
  const now = ctx.now();
  // Vendor tokens (orgId null) carry only management scopes: createApiToken writes nothing else.
  return rows.map((row) => ({ ...row, scopes: row.scopes as ApiTokenScope[], standing: tokenStanding(row, now) }));
}
