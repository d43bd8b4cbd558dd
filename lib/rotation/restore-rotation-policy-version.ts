import { and, desc, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { rotationPolicies } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { StaffReason } from "@/lib/validations/staff";
import { insertRotationPolicyVersion } from "./create-rotation-policy-version";
import { describePolicyChanges, rulesOf } from "./describe-policy-changes";

/**
 * "Restore this version" (issue 22): history is never rewritten, so a restore is the next version
 * with the old version's rules. The audit event names the version restored and, in words, what
 * changed against the version it replaces.
 */
export async function restoreRotationPolicyVersion(
  ctx: StaffCtx,
  { policyId, reason, reasonCategory }: { policyId: string } & StaffReason,
) {
  return ctx.db.transaction(async (tx) => {
    const [restored] = await tx.select().from(rotationPolicies).where(eq(rotationPolicies.id, policyId));
    if (!restored) throw new NotFound("No such policy version.");
    const scope = { productId: restored.productId, editionId: restored.editionId };
    const [current] = await tx
      .select()
      .from(rotationPolicies)
      .where(
        and(
          eq(rotationPolicies.productId, scope.productId),
          scope.editionId ? eq(rotationPolicies.editionId, scope.editionId) : isNull(rotationPolicies.editionId),
        ),
      )
      .orderBy(desc(rotationPolicies.version))
      .limit(1);
    const policy = await insertRotationPolicyVersion(tx, ctx, scope, rulesOf(restored));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: policy.createdAt,
      action: "rotation_policy.restored",
      subjectType: "rotation_policy",
      subjectId: policy.id,
      reason,
      data: {
        ...scope,
        version: policy.version,
        restoredVersion: restored.version,
        changes: current ? describePolicyChanges(rulesOf(current), rulesOf(restored)) : [],
        reasonCategory,
      },
    });
    return policy;
  });
}
