"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { setKeyActionDelegation, setSecondFactorPolicy } from "@/lib/orgs";
import { keyActionDelegationSchema, secondFactorPolicySchema } from "@/lib/validations/mfa";

export const saveSecondFactorPolicyAction = orgAction(secondFactorPolicySchema, async (ctx, { requireForKeys }) => {
  await setSecondFactorPolicy(ctx, { requireForKeys });
  revalidatePath("/settings/security");
  return { requireForKeys };
});

export const saveKeyActionDelegationAction = orgAction(
  keyActionDelegationSchema,
  async (ctx, { membersMayManageKeys }) => {
    await setKeyActionDelegation(ctx, { membersMayManageKeys });
    revalidatePath("/settings/security");
    return { membersMayManageKeys };
  },
);
