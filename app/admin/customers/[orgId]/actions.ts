"use server";

import { revalidatePath } from "next/cache";
import { suspendOrganizationLicensesAsStaff } from "@/lib/approvals";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { resetSsoConnection } from "@/lib/identity";
import { resetMemberSecondFactor } from "@/lib/mfa";
import { cancelOffboarding, scheduleOffboarding } from "@/lib/offboarding";
import { resetSsoConnectionSchema } from "@/lib/validations/identity";
import { resetMemberSecondFactorSchema } from "@/lib/validations/mfa";
import { cancelOffboardingSchema, scheduleOffboardingSchema } from "@/lib/validations/offboarding";
import { suspendCustomerLicensesSchema } from "@/lib/validations/support";

/** Admins only: a reset hands the account to whoever can read its mailbox, so support cannot. */
export const resetMemberSecondFactorAction = staffAction(
  resetMemberSecondFactorSchema,
  async (ctx, input) => {
    const result = await resetMemberSecondFactor(ctx, input);
    revalidatePath(`/admin/customers/${input.orgId}`);
    return result;
  },
  { role: "admin" },
);

export const scheduleOffboardingAction = staffAction(scheduleOffboardingSchema, async (ctx, input) => {
  const offboarding = await scheduleOffboarding(ctx, input, { portalUrl: appServices().noticeDeps().portalUrl });
  revalidatePath(`/admin/customers/${input.orgId}`);
  return { offboardingId: offboarding.id, endsAt: offboarding.endsAt.toISOString() };
});

export const cancelOffboardingAction = staffAction(cancelOffboardingSchema, async (ctx, input) => {
  await cancelOffboarding(ctx, input);
  revalidatePath(`/admin/customers/${input.orgId}`);
  return { offboardingId: input.offboardingId };
});

/**
 * Admins only, like the second-factor reset: without the provider, everyone on the organization's
 * domains signs in by magic link again, so whoever reads a mailbox the provider had shut out is back.
 */
export const resetSsoConnectionAction = staffAction(
  resetSsoConnectionSchema,
  async (ctx, input) => {
    const result = await resetSsoConnection(ctx, input);
    revalidatePath(`/admin/customers/${input.orgId}`);
    return result;
  },
  { role: "admin" },
);

export const suspendCustomerLicensesAction = staffAction(suspendCustomerLicensesSchema, async (ctx, input) => {
  const outcome = await suspendOrganizationLicensesAsStaff(ctx, input, {
    ...appServices().noticeDeps(),
    approvalTtlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
  });
  revalidatePath(`/admin/customers/${input.orgId}`);
  if (outcome.isAwaitingApproval) return { awaitingApproval: outcome.approvalId };
  return outcome.result;
});
