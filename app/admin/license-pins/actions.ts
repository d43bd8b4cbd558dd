"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { staffSetActivationPin } from "@/lib/devices";
import { staffActivationPinSchema } from "@/lib/validations/lifecycle";

export const staffSetActivationPinAction = staffAction(staffActivationPinSchema, async (ctx, { pin, ...input }) => {
  const result = await staffSetActivationPin(ctx, { ...input, pin: pin ?? null });
  revalidatePath("/admin/license-pins");
  return result;
});
