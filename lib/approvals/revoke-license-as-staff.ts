import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import { licenseMachine, lockLicense, type NoticeDeps, revokeLicense, type RevokeLicenseInput } from "@/lib/licensing";
import { assertAction } from "@/lib/state-machine";
import type { StaffReason } from "@/lib/validations/staff";
import { findFourEyesPolicy } from "./four-eyes-policy";
import { requestApproval } from "./request-approval";

/** Done at once, or waiting for a second staff member (the four-eyes policy decides). */
export type StaffActionOutcome<T> =
  | { isAwaitingApproval: false; result: T }
  | { isAwaitingApproval: true; approvalId: string; expiresAt: Date };

export type ApprovalDeps = NoticeDeps & { approvalTtlHours: number };

/**
 * A support revocation of a license. When the four-eyes policy requires it (issue 22), nothing
 * changes yet: the license machine is asked whether a revocation is allowed now (so a request that
 * could never run is refused at once) and an approval request records the whole input; an admin
 * other than the requester approves it and the revocation runs then, undo window and all.
 */
export async function revokeLicenseAsStaff(
  ctx: StaffCtx,
  input: RevokeLicenseInput & StaffReason,
  { approvalTtlHours, ...deps }: ApprovalDeps,
): Promise<StaffActionOutcome<Awaited<ReturnType<typeof revokeLicense>>>> {
  const policy = await findFourEyesPolicy(ctx.db);
  if (!policy.licenseRevoke) return { isAwaitingApproval: false, result: await revokeLicense(ctx, input, deps) };
  const approval = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    assertAction(licenseMachine, input.isEmergency ? "revokeNow" : "revoke", license, viewerOf(ctx));
    return requestApproval(tx, ctx, {
      action: "license.revoke",
      subjectType: "license",
      subjectId: license.id,
      payload: {
        isEmergency: input.isEmergency ?? false,
        reasonCode: input.reasonCode ?? "unspecified",
        customerMessage: input.customerMessage,
        fourEyesPolicyVersion: policy.version,
      },
      reason: input.reason,
      reasonCategory: input.reasonCategory,
      ttlHours: approvalTtlHours,
    });
  });
  return { isAwaitingApproval: true, approvalId: approval.id, expiresAt: approval.expiresAt };
}
