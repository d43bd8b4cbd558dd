import type { StaffCtx } from "@/lib/context";
import { assertTermMayEnd, endLicenseTerm, lockLicense } from "@/lib/licensing";
import type { StaffReason } from "@/lib/validations/staff";
import { requestApproval } from "./request-approval";
import type { ApprovalDeps, StaffActionOutcome } from "./revoke-license-as-staff";

/**
 * Staff end a license's term today (issue 18). It takes away time the customer paid for, so it is
 * an admin's decision: a support member's request waits for an admin to approve it (the approved
 * request runs the same use case, with the same checks, then); an admin's runs at once.
 */
export async function endLicenseTermAsStaff(
  ctx: StaffCtx,
  input: { licenseId: string } & StaffReason,
  { approvalTtlHours, ...deps }: ApprovalDeps,
): Promise<StaffActionOutcome<Awaited<ReturnType<typeof endLicenseTerm>>>> {
  if (ctx.actor.role === "admin") return { isAwaitingApproval: false, result: await endLicenseTerm(ctx, input, deps) };
  const approval = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    assertTermMayEnd(ctx, license);
    return requestApproval(tx, ctx, {
      action: "license.end_term",
      subjectType: "license",
      subjectId: license.id,
      payload: { customerMessage: input.customerMessage },
      reason: input.reason,
      reasonCategory: input.reasonCategory,
      ttlHours: approvalTtlHours,
    });
  });
  return { isAwaitingApproval: true, approvalId: approval.id, expiresAt: approval.expiresAt };
}
