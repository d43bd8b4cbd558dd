"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import {
  addFreezePeriod,
  createRotationPolicyVersion,
  removeFreezePeriod,
  restoreRotationPolicyVersion,
} from "@/lib/rotation";
import {
  addFreezePeriodSchema,
  removeFreezePeriodSchema,
  restoreRotationPolicySchema,
  rotationPolicySchema,
} from "@/lib/validations/support";

export const saveRotationPolicyAction = staffAction(rotationPolicySchema, async (ctx, input) => {
  const policy = await createRotationPolicyVersion(ctx, input);
  revalidatePath("/admin/policies");
  return { version: policy.version };
});

export const addFreezePeriodAction = staffAction(addFreezePeriodSchema, async (ctx, input) => {
  const freeze = await addFreezePeriod(ctx, input);
  revalidatePath("/admin/policies");
  return { freezeId: freeze.id };
});

export const removeFreezePeriodAction = staffAction(removeFreezePeriodSchema, async (ctx, input) => {
  const result = await removeFreezePeriod(ctx, input);
  revalidatePath("/admin/policies");
  return result;
});

export const restoreRotationPolicyAction = staffAction(restoreRotationPolicySchema, async (ctx, input) => {
  const policy = await restoreRotationPolicyVersion(ctx, input);
  revalidatePath("/admin/policies");
  return { version: policy.version };
});
