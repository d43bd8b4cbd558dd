"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { resetSsoConnection } from "@/lib/identity";
import { resetMemberSecondFactor } from "@/lib/mfa";
import { resetSsoConnectionSchema } from "@/lib/validations/identity";
import { resetMemberSecondFactorSchema } from "@/lib/validations/mfa";

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
