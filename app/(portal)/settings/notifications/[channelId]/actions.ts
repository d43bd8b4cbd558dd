"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { resendChannelDelivery } from "@/lib/notify/channels";
import { resendChannelDeliverySchema } from "@/lib/validations/channels";

export const resendChannelDeliveryAction = orgAction(resendChannelDeliverySchema, async (ctx, input) => {
  const result = await resendChannelDelivery(ctx, input);
  revalidatePath(`/settings/notifications/${input.channelId}`);
  return result;
});
