import type { StaffCtx } from "@/lib/context";
import { PolicyViolation } from "@/lib/errors";
import {
  findSuspendableLicenses,
  sendSuspensionNotices,
  suspendLicensesInTransaction,
  type SuspendLicensesInput,
} from "@/lib/licensing";
import type { StaffReason } from "@/lib/validations/staff";
import { findFourEyesPolicy, isSuspensionBeyondLimit } from "./four-eyes-policy";
import { requestApproval } from "./request-approval";
import type { ApprovalDeps, StaffActionOutcome } from "./revoke-license-as-staff";

/**
 * Support suspends every active license of one customer at once (a payment dispute, a security
 * concern). Beyond the four-eyes policy's count (issue 22, "suspend of more than N licenses") it
 * waits for a second staff member: the request names the licenses it would suspend now, and the
 * approval suspends those of them that can still be suspended.
 */
export async function suspendOrganizationLicensesAsStaff(
  ctx: StaffCtx,
  input: SuspendLicensesInput & StaffReason,
  { approvalTtlHours, ...deps }: ApprovalDeps,
): Promise<StaffActionOutcome<{ suspendedCount: number }>> {
  const policy = await findFourEyesPolicy(ctx.db);
  const outcome = await ctx.db.transaction(async (tx) => {
    const suspendable = await findSuspendableLicenses(tx, ctx, input.orgId);
    if (suspendable.length === 0) throw new PolicyViolation("This customer has no active license to suspend.");
    const licenseIds = suspendable.map((license) => license.id);
    if (!isSuspensionBeyondLimit(policy, licenseIds.length))
      return { approval: null, suspended: await suspendLicensesInTransaction(tx, ctx, { ...input, licenseIds }) };
    const approval = await requestApproval(tx, ctx, {
      action: "licenses.suspend",
      subjectType: "organization",
      subjectId: input.orgId,
      payload: { licenseIds, customerMessage: input.customerMessage, fourEyesPolicyVersion: policy.version },
      reason: input.reason,
      reasonCategory: input.reasonCategory,
      ttlHours: approvalTtlHours,
    });
    return { approval, suspended: [] };
  });
  if (outcome.approval)
    return { isAwaitingApproval: true, approvalId: outcome.approval.id, expiresAt: outcome.approval.expiresAt };
  await sendSuspensionNotices(ctx, outcome.suspended, input, deps);
  return { isAwaitingApproval: false, result: { suspendedCount: outcome.suspended.length } };
}
