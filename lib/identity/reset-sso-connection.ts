import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { orgSsoConnections } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { ResetSsoConnectionInput } from "@/lib/validations/identity";

/**
 * Support removes an organization's provider (an owner locked out by a broken provider, or one
 * that was compromised): its members sign in by magic link again until an owner connects one anew.
 */
export async function resetSsoConnection(ctx: StaffCtx, input: ResetSsoConnectionInput) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(orgSsoConnections)
      .where(eq(orgSsoConnections.orgId, input.orgId))
      .returning({ issuer: orgSsoConnections.issuer });
    if (!removed) throw new NotFound("This organization has no single sign-on set up.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: input.orgId,
      action: "org.sso_reset",
      subjectType: "organization",
      subjectId: input.orgId,
      reason: input.reason,
      data: { issuer: removed.issuer, reasonCategory: input.reasonCategory, customerMessage: input.customerMessage },
    });
    return { orgId: input.orgId };
  });
}
