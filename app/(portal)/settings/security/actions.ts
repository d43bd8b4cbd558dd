"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { addOrgDomain, verifyOrgDomain } from "@/lib/identity";
import { setKeyActionDelegation, setSecondFactorPolicy } from "@/lib/orgs";
import { addOrgDomainSchema, verifyOrgDomainSchema } from "@/lib/validations/identity";
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

export const addOrgDomainAction = orgAction(addOrgDomainSchema, async (ctx, input) => {
  const challenge = await addOrgDomain(ctx, input);
  revalidatePath("/settings/security");
  return challenge;
});

export const verifyOrgDomainAction = orgAction(verifyOrgDomainSchema, async (ctx, input) => {
  const verified = await verifyOrgDomain(ctx, input, appServices().resolveTxt);
  revalidatePath("/settings/security");
  return verified;
});
