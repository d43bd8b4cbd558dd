import { and, eq, isNotNull, ne } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { orgDomains } from "@/lib/db/schema";
import { Conflict, NotFound } from "@/lib/errors";
import { requireOwner } from "@/lib/orgs";
import { challengeRecordName, hasChallengeRecord, type TxtResolver } from "./domain-verification";

/**
 * Looks the domain's challenge record up and marks the domain verified when it carries this
 * organization's token. Another organization that already verified the domain keeps it: the
 * partial unique index settles a race the same way.
 */
export async function verifyOrgDomain(
  ctx: OrgCtx,
  { domainId }: { domainId: string },
  resolveTxt: TxtResolver,
): Promise<{ domain: string; verifiedAt: Date }> {
  requireOwner(ctx, "verify email domains");
  const [claim] = await ctx.db
    .select()
    .from(orgDomains)
    .where(and(eq(orgDomains.id, domainId), eq(orgDomains.orgId, ctx.orgId)));
  if (!claim) throw new NotFound("Domain not found.");
  if (claim.verifiedAt) return { domain: claim.domain, verifiedAt: claim.verifiedAt };
  if (!(await hasChallengeRecord(resolveTxt, claim.domain, claim.verificationToken)))
    throw new Conflict(
      `We did not find the TXT record at ${challengeRecordName(claim.domain)} yet. DNS changes can take a while to appear; try again later.`,
    );
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: orgDomains.id })
      .from(orgDomains)
      .where(and(eq(orgDomains.domain, claim.domain), isNotNull(orgDomains.verifiedAt), ne(orgDomains.id, claim.id)));
    if (taken) throw new Conflict(`${claim.domain} is verified by another organization. Contact support.`);
    await tx.update(orgDomains).set({ verifiedAt: now }).where(eq(orgDomains.id, claim.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "org.domain_verified",
      subjectType: "org_domain",
      subjectId: claim.id,
      data: { domain: claim.domain },
    });
    return { domain: claim.domain, verifiedAt: now };
  });
}
