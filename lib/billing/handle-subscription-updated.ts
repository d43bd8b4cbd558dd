import type { VendorCtx } from "@/lib/context";
import { changeLicenseEdition, changeLicenseSeats, isRevokedOrRevoking } from "@/lib/licensing";
import { StripeEventRefused } from "./stripe-errors";
import { subscriptionShape } from "./stripe-event-shapes";
import {
  findSubscribedLicense,
  readStripeObject,
  stripeReason,
  type BillingDeps,
  type HandledStripeEvent,
} from "./stripe-event-handler";
import { findEditionForPrice } from "./stripe-price-editions";

/**
 * `customer.subscription.updated`: an upgrade, downgrade or seat change made in Stripe (the portal,
 * the dashboard, the API) reaches the license: the subscription's item's price picks the edition
 * (same product), its quantity the seats. One license per subscription: the first item is it.
 */
export async function handleSubscriptionUpdated(
  ctx: VendorCtx,
  object: unknown,
  deps: BillingDeps,
): Promise<HandledStripeEvent> {
  const subscription = readStripeObject(subscriptionShape, object);
  const ids = { stripeCustomerId: subscription.customer ?? null, stripeSubscriptionId: subscription.id };
  const license = await findSubscribedLicense(ctx.db, subscription.id);
  if (!license) return { outcome: "ignored", code: "SUBSCRIPTION_UNKNOWN", ...ids };
  const linked = { orgId: license.orgId, licenseId: license.id, ...ids };
  if (isRevokedOrRevoking(license.status)) return { outcome: "ignored", code: "LICENSE_REVOKED", ...linked };
  const item = subscription.items.data[0];
  if (!item)
    throw new StripeEventRefused("STRIPE_PRICE_MISSING", "The subscription has no items to read a price from.");
  const edition = await findEditionForPrice(ctx.db, item.price.id);
  let isChanged = false;
  if (edition.editionId !== license.editionId) {
    await changeLicenseEdition(
      ctx,
      { licenseId: license.id, editionId: edition.editionId, ...stripeReason("Subscription plan changed") },
      deps,
    );
    isChanged = true;
  }
  if (item.quantity && item.quantity !== license.seats) {
    await changeLicenseSeats(
      ctx,
      { licenseId: license.id, seats: item.quantity, ...stripeReason("Subscription quantity changed") },
      deps,
    );
    isChanged = true;
  }
  return isChanged ? { outcome: "processed", ...linked } : { outcome: "ignored", code: "NO_CHANGE", ...linked };
}
