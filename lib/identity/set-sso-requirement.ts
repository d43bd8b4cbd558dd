import { and, eq, isNotNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { orgDomains, orgSsoConnections } from "@/lib/db/schema";
import { PolicyViolation } from "@/lib/errors";
import { requireOwner } from "@/lib/orgs";

/**
 * Requiring SSO refuses the magic link to everyone on the organization's verified domains, so it
 * needs a provider to send them to and at least one verified domain for the rule to mean anything.
 */
export async function setSsoRequirement(ctx: OrgCtx, { isSsoRequired }: { isSsoRequired: boolean }) {
  requireOwner(ctx, "change whether single sign-on is required");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    if (isSsoRequired) {
      const [verified] = await tx
        .select({ id: orgDomains.id })
        .from(orgDomains)
        .where(and(eq(orgDomains.orgId, ctx.orgId), isNotNull(orgDomains.verifiedAt)))
        .limit(1);
      if (!verified) throw new PolicyViolation("Verify at least one email domain before requiring single sign-on.");
    }
    const [changed] = await tx
      .update(orgSsoConnections)
      .set({ isSsoRequired, updatedAt: now })
      .where(eq(orgSsoConnections.orgId, ctx.orgId))
      .returning({ orgId: orgSsoConnections.orgId });
    if (!changed) throw new PolicyViolation("Connect your identity provider first.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "org.sso_requirement_changed",
      subjectType: "organization",
      subjectId: ctx.orgId,
      data: { isSsoRequired },
    });
    return { isSsoRequired };
  });
}
