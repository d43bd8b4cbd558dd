import { z } from "zod";
import { emailSchema } from "./members";

export const addEmailChannelSchema = z.object({ email: emailSchema });

export const addWebhookChannelSchema = z.object({
  url: z
    .string({ error: "Enter the URL that should receive events." })
    .trim()
    .max(2000, "URLs are at most 2000 characters.")
    .pipe(z.url({ protocol: /^https?$/, error: "Enter a full URL starting with https://." })),
  label: z.string().trim().max(100, "Keep the label under 100 characters.").default(""),
});

export const channelIdSchema = z.object({ channelId: z.uuid({ error: "Choose a channel." }) });
