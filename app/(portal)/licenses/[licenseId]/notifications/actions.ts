"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { chooseLicenseChannels } from "@/lib/notify/channels";
import { chooseLicenseChannelsSchema } from "@/lib/validations/channels";

export const chooseLicenseChannelsAction = orgAction(chooseLicenseChannelsSchema, async (ctx, input) => {
  const result = await chooseLicenseChannels(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}/notifications`);
  return result;
});
