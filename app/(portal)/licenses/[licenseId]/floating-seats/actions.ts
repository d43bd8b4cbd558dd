"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { releaseFloatingLease } from "@/lib/devices";
import { releaseFloatingLeaseSchema } from "@/lib/validations/devices";

export const releaseFloatingLeaseAction = orgAction(releaseFloatingLeaseSchema, async (ctx, input) => {
  const lease = await releaseFloatingLease(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}/floating-seats`);
  return { holderName: lease.holderName };
});
