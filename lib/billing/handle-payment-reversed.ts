import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { VendorCtx } from "@/lib/context";
import { licenses, stripeEvents } from "@/lib/db/schema";
import { suspendLicense } from "@/lib/licensing";
import { STRIPE_CHECKOUT_METADATA_KEY } from "./handle-checkout-completed";
import { chargeShape, disputeShape } from "./stripe-event-shapes";
import {
  findStripeCustomerOrg,
  readStripeObject,
  stripeReason,
  type BillingDeps,
  type HandledStripeEvent,
} from "./stripe-event-handler";

/** `charge.succeeded`: nothing to apply; the charge → customer link is recorded for a later dispute, whose payload names only the charge. */
export async function handleChargeSucceeded(_ctx: VendorCtx, object: unknown): Promise<HandledStripeEvent> {
  const charge = readStripeObject(chargeShape, object);
  return { outcome: "ignored", code: "RECORDED", stripeChargeId: charge.id, stripeCustomerId: charge.customer ?? null };
}

/** `charge.refunded`: a full refund suspends the licenses the customer bought through Stripe (support can resume them). */
export async function handleChargeRefunded(
  ctx: VendorCtx,
  object: unknown,
  deps: BillingDeps,
): Promise<HandledStripeEvent> {
  const charge = readStripeObject(chargeShape, object);
  const ids = { stripeChargeId: charge.id, stripeCustomerId: charge.customer ?? null };
  if (!charge.refunded) return { outcome: "ignored", code: "PARTIAL_REFUND", ...ids };
  return suspendPaidLicenses(ctx, ids, "Payment refunded", deps);
}

/** `charge.dispute.closed` lost: the payment was taken back, so the customer's Stripe-bought licenses are suspended. */
export async function handleDisputeClosed(
  ctx: VendorCtx,
  object: unknown,
  deps: BillingDeps,
): Promise<HandledStripeEvent> {
  const dispute = readStripeObject(disputeShape, object);
  const stripeChargeId = typeof dispute.charge === "string" ? dispute.charge : dispute.charge.id;
  const expandedCustomer = typeof dispute.charge === "string" ? null : (dispute.charge.customer ?? null);
  const ids = { stripeChargeId, stripeCustomerId: expandedCustomer ?? (await findChargeCustomer(ctx, stripeChargeId)) };
  const isLost = dispute.status === "lost"; // machine-exception: Stripe's dispute status, not a Rekey machine
  if (!isLost) return { outcome: "ignored", code: "DISPUTE_NOT_LOST", ...ids };
  return suspendPaidLicenses(ctx, ids, "Payment disputed and lost", deps);
}

async function findChargeCustomer(ctx: VendorCtx, stripeChargeId: string): Promise<string | null> {
  const [seen] = await ctx.db
    .select({ stripeCustomerId: stripeEvents.stripeCustomerId })
    .from(stripeEvents)
    .where(and(eq(stripeEvents.stripeChargeId, stripeChargeId), isNotNull(stripeEvents.stripeCustomerId)))
    .orderBy(desc(stripeEvents.receivedAt))
    .limit(1);
  return seen?.stripeCustomerId ?? null;
}

async function suspendPaidLicenses(
  ctx: VendorCtx,
  ids: { stripeChargeId: string; stripeCustomerId: string | null },
  reason: string,
  deps: BillingDeps,
): Promise<HandledStripeEvent> {
  const org = ids.stripeCustomerId ? await findStripeCustomerOrg(ctx.db, ids.stripeCustomerId) : null;
  if (!org) return { outcome: "ignored", code: "CUSTOMER_UNKNOWN", ...ids };
  const paid = await ctx.db
    .select({ id: licenses.id })
    .from(licenses)
    // Licenses a checkout made (subscription or one-time), not ones support issued to the same customer.
    .where(
      and(
        eq(licenses.orgId, org.id),
        isNotNull(sql`${licenses.metadata}->>${STRIPE_CHECKOUT_METADATA_KEY}`),
        eq(licenses.status, "active"),
      ),
    );
  for (const license of paid) await suspendLicense(ctx, { licenseId: license.id, ...stripeReason(reason) }, deps);
  return paid.length > 0
    ? { outcome: "processed", orgId: org.id, licenseId: paid.length === 1 ? paid[0]!.id : null, ...ids }
    : { outcome: "ignored", code: "NO_ACTIVE_LICENSE", orgId: org.id, ...ids };
}
