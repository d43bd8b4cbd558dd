"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { setSecondFactorPolicy } from "@/lib/orgs";
import { secondFactorPolicySchema } from "@/lib/validations/mfa";

export const saveSecondFactorPolicyAction = orgAction(secondFactorPolicySchema, async (ctx, { requireForKeys }) => {
  await setSecondFactorPolicy(ctx, { requireForKeys });
  revalidatePath("/settings/security");
  return { requireForKeys };
});
