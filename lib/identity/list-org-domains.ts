import { asc, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { orgDomains } from "@/lib/db/schema";
import { challengeRecordName, challengeRecordValue } from "./domain-verification";

export interface OrgDomain {
  id: string;
  domain: string;
  verifiedAt: Date | null;
  /** The record to publish; owners only (a member has no use for the token). */
  challenge: { recordName: string; recordValue: string } | null;
}

export async function listOrgDomains(ctx: OrgCtx): Promise<OrgDomain[]> {
  const rows = await ctx.db
    .select()
    .from(orgDomains)
    .where(eq(orgDomains.orgId, ctx.orgId))
    .orderBy(asc(orgDomains.domain));
  return rows.map((row) => ({
    id: row.id,
    domain: row.domain,
    verifiedAt: row.verifiedAt,
    challenge:
      ctx.memberRole === "owner"
        ? { recordName: challengeRecordName(row.domain), recordValue: challengeRecordValue(row.verificationToken) }
        : null,
  }));
}
