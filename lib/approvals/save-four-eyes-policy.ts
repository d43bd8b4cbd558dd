import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { fourEyesPolicies } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { FourEyesPolicyInput } from "@/lib/validations/ops";
import { describeFourEyesPolicyChanges, findFourEyesPolicy, rulesOf } from "./four-eyes-policy";

/**
 * An admin changes which staff actions need a second person. Never edited in place: each save is
 * the next version, audited with what it replaced, so "who required what since when" has an answer.
 */
export async function saveFourEyesPolicy(ctx: StaffCtx, input: FourEyesPolicyInput) {
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const previous = await findFourEyesPolicy(tx);
    const now = ctx.now();
    const rules = rulesOf({
      licenseRevoke: input.licenseRevoke,
      extendBeyondDays: input.extendBeyondDays ?? null,
      suspendBeyondCount: input.suspendBeyondCount ?? null,
      signingKeyActions: input.signingKeyActions,
      apiTokenCreate: input.apiTokenCreate,
    });
    // The unique version makes a concurrent save lose cleanly instead of both becoming version n+1.
    const [policy] = await tx
      .insert(fourEyesPolicies)
      .values({ version: previous.version + 1, ...rules, createdBy: ctx.actor.userId, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!policy) throw new Conflict("Someone else changed the approval policy meanwhile; refresh the page.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "four_eyes_policy.versioned",
      subjectType: "four_eyes_policy",
      subjectId: policy.id,
      reason: input.reason,
      data: {
        version: policy.version,
        ...rules,
        previous: { version: previous.version, ...rulesOf(previous) },
        changes: describeFourEyesPolicyChanges(previous, rules),
        reasonCategory: input.reasonCategory,
      },
    });
    return policy;
  });
}
