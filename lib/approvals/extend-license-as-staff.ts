import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import { extendLicenseExpiry, extensionFloor, licenseMachine, lockLicense } from "@/lib/licensing";
import { assertAction } from "@/lib/state-machine";
import type { StaffReason } from "@/lib/validations/staff";
import { findFourEyesPolicy, isExtensionBeyondLimit } from "./four-eyes-policy";
import { requestApproval } from "./request-approval";
import type { ApprovalDeps, StaffActionOutcome } from "./revoke-license-as-staff";

/**
 * A support extension of a license's term. Past the four-eyes policy's limit (issue 22) it waits
 * for a second staff member; the approved request runs the same extension with the same checks.
 */
export async function extendLicenseAsStaff(
  ctx: StaffCtx,
  input: { licenseId: string; expiresAt: Date } & StaffReason,
  { approvalTtlHours, ...deps }: ApprovalDeps,
): Promise<StaffActionOutcome<Awaited<ReturnType<typeof extendLicenseExpiry>>>> {
  const policy = await findFourEyesPolicy(ctx.db);
  const approval = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    if (!isExtensionBeyondLimit(policy, extensionFloor(license, ctx.now()), input.expiresAt)) return null;
    assertAction(licenseMachine, "extendExpiry", license, viewerOf(ctx));
    return requestApproval(tx, ctx, {
      action: "license.extend",
      subjectType: "license",
      subjectId: license.id,
      payload: {
        expiresAt: input.expiresAt.toISOString(),
        customerMessage: input.customerMessage,
        fourEyesPolicyVersion: policy.version,
      },
      reason: input.reason,
      reasonCategory: input.reasonCategory,
      ttlHours: approvalTtlHours,
    });
  });
  if (approval) return { isAwaitingApproval: true, approvalId: approval.id, expiresAt: approval.expiresAt };
  return { isAwaitingApproval: false, result: await extendLicenseExpiry(ctx, input, deps) };
}
