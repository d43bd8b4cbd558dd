"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { resolveAnomalyFlag } from "@/lib/devices";
import { resolveAnomalySchema } from "@/lib/validations/devices";

export const resolveAnomalyAction = staffAction(resolveAnomalySchema, async (ctx, input) => {
  await resolveAnomalyFlag(ctx, input);
  revalidatePath("/admin/anomalies");
  return { flagId: input.flagId };
});
