import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { orgDomains } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { requireOwner } from "@/lib/orgs";
import { challengeRecordName, challengeRecordValue, newVerificationToken } from "./domain-verification";

export interface DomainChallenge {
  id: string;
  domain: string;
  recordName: string;
  recordValue: string;
}

/** An owner claims an email domain; it counts for sign-in only once its TXT record is seen (verify-org-domain.ts). */
export async function addOrgDomain(ctx: OrgCtx, { domain }: { domain: string }): Promise<DomainChallenge> {
  requireOwner(ctx, "add email domains");
  const now = ctx.now();
  const verificationToken = newVerificationToken();
  return ctx.db.transaction(async (tx) => {
    const [added] = await tx
      .insert(orgDomains)
      .values({ orgId: ctx.orgId, domain, verificationToken, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: orgDomains.id });
    if (!added) throw new Conflict(`${domain} is already on your list.`);
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "org.domain_added",
      subjectType: "org_domain",
      subjectId: added.id,
      data: { domain },
    });
    return {
      id: added.id,
      domain,
      recordName: challengeRecordName(domain),
      recordValue: challengeRecordValue(verificationToken),
    };
  });
}
