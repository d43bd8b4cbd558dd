/**
 * The parts of Stripe event payloads Rekey reads, as zod schemas: every fact a handler needs comes
 * from the signed event itself (Rekey never calls Stripe's API). Written against API version
 * 2026-11-18 (stripe 23.x), accepting the older field places too (`invoice.subscription`,
 * `subscription.current_period_end`), and expanded objects wherever Stripe may send an id.
 */
import { z } from "zod";

/** An id, or the expanded object carrying it. */
const stripeId = z.union([z.string(), z.object({ id: z.string() }).transform((object) => object.id)]);
const metadata = z.record(z.string(), z.string()).nullish();
const unixSeconds = z.number().int().positive();

const lineItem = z.object({ price: z.object({ id: z.string() }).nullish(), quantity: z.number().int().nullish() });

export const checkoutSessionShape = z.object({
  id: z.string(),
  customer: stripeId.nullish(),
  customer_email: z.string().nullish(),
  customer_details: z.object({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  subscription: stripeId.nullish(),
  payment_status: z.string().nullish(),
  metadata,
  /** Present only when the vendor's relay expanded it; otherwise metadata `rekey_price_id` names the price. */
  line_items: z.object({ data: z.array(lineItem) }).nullish(),
});

export const invoiceShape = z.object({
  id: z.string(),
  customer: stripeId.nullish(),
  subscription: stripeId.nullish(),
  parent: z.object({ subscription_details: z.object({ subscription: stripeId }).nullish() }).nullish(),
  lines: z.object({ data: z.array(z.object({ period: z.object({ end: unixSeconds }) })) }),
});

const subscriptionItem = z.object({
  price: z.object({ id: z.string() }),
  quantity: z.number().int().nullish(),
  current_period_end: unixSeconds.nullish(),
});

export const subscriptionShape = z.object({
  id: z.string(),
  customer: stripeId.nullish(),
  status: z.string(),
  current_period_end: unixSeconds.nullish(),
  ended_at: unixSeconds.nullish(),
  items: z.object({ data: z.array(subscriptionItem) }),
});

export const chargeShape = z.object({
  id: z.string(),
  customer: stripeId.nullish(),
  refunded: z.boolean().default(false),
});

export const disputeShape = z.object({
  id: z.string(),
  status: z.string(),
  charge: z.union([z.string(), z.object({ id: z.string(), customer: stripeId.nullish() })]),
});

export type CheckoutSession = z.output<typeof checkoutSessionShape>;
export type Invoice = z.output<typeof invoiceShape>;
export type Subscription = z.output<typeof subscriptionShape>;

/** The envelope of every event (https://docs.stripe.com/api/events/object). */
export interface StripeEventEnvelope {
  id: string;
  type: string;
  data: { object: unknown };
}

export const fromUnixSeconds = (seconds: number) => new Date(seconds * 1000);

/** The subscription an invoice pays for: its parent's (API 2025-03-31 and later), or the older top-level field. */
export const invoiceSubscriptionId = (invoice: Invoice) =>
  invoice.parent?.subscription_details?.subscription ?? invoice.subscription ?? null;

/** The end of the period an invoice pays: its latest line's period end (the subscription's new period). */
export function invoicePeriodEnd(invoice: Invoice): Date | null {
  const ends = invoice.lines.data.map((line) => line.period.end);
  return ends.length > 0 ? fromUnixSeconds(Math.max(...ends)) : null;
}

/** Where a subscription's paid period ends: on its items (API 2025-03-31 and later), or the older top-level field. */
export function subscriptionPeriodEnd(subscription: Subscription): Date | null {
  const ends = subscription.items.data.flatMap((item) => (item.current_period_end ? [item.current_period_end] : []));
  if (ends.length > 0) return fromUnixSeconds(Math.max(...ends));
  const legacy = subscription.current_period_end ?? subscription.ended_at;
  return legacy ? fromUnixSeconds(legacy) : null;
}
