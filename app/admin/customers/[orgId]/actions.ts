"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { resetMemberSecondFactor } from "@/lib/mfa";
import { cancelOffboarding, scheduleOffboarding } from "@/lib/offboarding";
import { resetMemberSecondFactorSchema } from "@/lib/validations/mfa";
import { cancelOffboardingSchema, scheduleOffboardingSchema } from "@/lib/validations/offboarding";

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
