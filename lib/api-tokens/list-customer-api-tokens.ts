import { desc, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { apiTokens, users } from "@/lib/db/schema";
import type { CustomerApiTokenScope } from "@/lib/validations/customer-api-tokens";
import { listedTokenColumns } from "./api-token-value";
import { tokenStanding } from "./token-standing";

/** The organization's API tokens for its settings page, newest first; never the digest. */
export async function listCustomerApiTokens(ctx: OrgCtx) {
  const rows = await ctx.db
    .select({
      ...listedTokenColumns,
      createdByEmail: users.email,
      secondFactorVerifiedAt: apiTokens.secondFactorVerifiedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.orgId, ctx.orgId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(200);
  const now = ctx.now();
  // An organization's tokens carry only customer scopes: createCustomerApiToken writes nothing else.
  return rows.map(({ secondFactorVerifiedAt, ...row }) => ({
    ...row,
    // The page warns that such a token cannot pull keys while the organization requires a second factor.
    isMadeWithSecondFactor: secondFactorVerifiedAt !== null,
    scopes: row.scopes as CustomerApiTokenScope[],
    standing: tokenStanding(row, now),
  }));
}

export type CustomerApiTokenSummary = Awaited<ReturnType<typeof listCustomerApiTokens>>[number];
