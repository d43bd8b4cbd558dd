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

/**
 * A license's notification channels (issue 16, item 10): follow the organisation, or exactly the
 * channels ticked. A form sends each ticked box as its own `channelIds` field.
 */
export const chooseLicenseChannelsSchema = z
  .object({
    licenseId: z.uuid({ error: "Choose a license." }),
    choice: z.enum(["organization", "chosen"], { error: "Choose whether this license follows the organization." }),
    channelIds: z
      .preprocess(
        (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
        z
          .array(z.uuid({ error: "Choose channels from the list." }))
          .max(100, { error: "Choose at most 100 channels." }),
      )
      .default([]),
  })
  .refine((input) => input.choice === "organization" || input.channelIds.length > 0, {
    path: ["channelIds"],
    error: "Tick at least one channel, or let this license follow the organization.",
  });
export type ChooseLicenseChannelsInput = z.infer<typeof chooseLicenseChannelsSchema>;

/** Sending one of a channel's deliveries again. */
export const resendChannelDeliverySchema = z.object({
  channelId: z.uuid({ error: "Choose a channel." }),
  deliveryId: z.uuid({ error: "Choose a delivery." }),
});

/** A channel's delivery list: `before` pages back; anything unreadable shows the first page. */
export const channelDeliveriesQuerySchema = z.object({
  before: z.iso.datetime().optional().catch(undefined),
});
