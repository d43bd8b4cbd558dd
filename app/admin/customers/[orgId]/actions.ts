"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { resetMemberSecondFactor } from "@/lib/mfa";
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
