"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { addEmailChannel, addWebhookChannel, removeChannel, sendTestWebhook } from "@/lib/notify/channels";
import { addEmailChannelSchema, addWebhookChannelSchema, channelIdSchema } from "@/lib/validations/channels";

const PAGE = "/settings/notifications";

export const addEmailChannelAction = orgAction(addEmailChannelSchema, async (ctx, input) => {
  const result = await addEmailChannel(ctx, input, {
    mailer: appServices().mailer,
    portalUrl: appServices().publicUrl("/").replace(/\/$/, ""),
  });
  revalidatePath(PAGE);
  return result;
});

export const addWebhookChannelAction = orgAction(addWebhookChannelSchema, async (ctx, input) => {
  const result = await addWebhookChannel(ctx, input, {
    ring: appServices().keySecrets().ring,
    outgoing: appServices().outgoingHttp,
  });
  revalidatePath(PAGE);
  return result;
});

export const sendTestWebhookAction = orgAction(channelIdSchema, async (ctx, input) => {
  const result = await sendTestWebhook(ctx, input, {
    ring: appServices().keySecrets().ring,
    outgoing: appServices().outgoingHttp,
  });
  revalidatePath(PAGE);
  return result;
});

export const removeChannelAction = orgAction(channelIdSchema, async (ctx, input) => {
  const result = await removeChannel(ctx, input);
  revalidatePath(PAGE);
  return result;
});
