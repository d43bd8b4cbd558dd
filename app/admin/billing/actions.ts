"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { mapStripePrice, saveStripeWebhookSecret, unmapStripePrice } from "@/lib/billing";
import { appServices } from "@/lib/config/server";
import { mapStripePriceSchema, saveStripeWebhookSecretSchema, unmapStripePriceSchema } from "@/lib/validations/billing";

/** What Stripe sells and the secret that proves an event is Stripe's: admin work, like API tokens. */
const admin = { role: "admin" } as const;
const refresh = () => revalidatePath("/admin/billing");

export const saveStripeWebhookSecretAction = staffAction(
  saveStripeWebhookSecretSchema,
  async (ctx, input) => {
    const { savedAt } = await saveStripeWebhookSecret(ctx, input, { ring: appServices().keySecrets().ring });
    refresh();
    return { savedAt: savedAt.toISOString() };
  },
  admin,
);

export const mapStripePriceAction = staffAction(
  mapStripePriceSchema,
  async (ctx, input) => {
    const mapped = await mapStripePrice(ctx, input);
    refresh();
    return mapped;
  },
  admin,
);

export const unmapStripePriceAction = staffAction(
  unmapStripePriceSchema,
  async (ctx, input) => {
    const removed = await unmapStripePrice(ctx, input);
    refresh();
    return removed;
  },
  admin,
);
