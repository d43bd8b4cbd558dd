import { z } from "zod";
import { staffReasonSchema } from "./staff";

/** Stripe ids are short ASCII tokens (`price_1Q…`); anything else is a typo, named beside its field. */
const stripePriceId = z
  .string({ error: "Enter the Stripe price id." })
  .trim()
  .regex(
    /^price_[A-Za-z0-9]{1,100}$/,
    "A Stripe price id looks like price_1QAbc…: copy it from the price's page in Stripe.",
  );

export const mapStripePriceSchema = staffReasonSchema.extend({
  priceId: stripePriceId,
  editionId: z.uuid({ error: "Choose an edition." }),
});
export type MapStripePriceInput = z.infer<typeof mapStripePriceSchema>;

export const unmapStripePriceSchema = staffReasonSchema.extend({ priceId: stripePriceId });
export type UnmapStripePriceInput = z.infer<typeof unmapStripePriceSchema>;

export const saveStripeWebhookSecretSchema = staffReasonSchema.extend({
  webhookSecret: z
    .string({ error: "Enter the signing secret." })
    .trim()
    .regex(
      /^whsec_[A-Za-z0-9+/=_-]{16,200}$/,
      "The signing secret starts with whsec_: copy it from the endpoint's page in Stripe (Reveal secret).",
    ),
});
export type SaveStripeWebhookSecretInput = z.infer<typeof saveStripeWebhookSecretSchema>;
