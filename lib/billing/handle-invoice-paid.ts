import type { VendorCtx } from "@/lib/context";
import { extendLicenseExpiry, isRevokedOrRevoking } from "@/lib/licensing";
import { invoicePeriodEnd, invoiceShape, invoiceSubscriptionId } from "./stripe-event-shapes";
import {
  findSubscribedLicense,
  readStripeObject,
  stripeReason,
  type BillingDeps,
  type HandledStripeEvent,
} from "./stripe-event-handler";

/**
 * `invoice.paid`: the subscription's license runs to the end of the period just paid. Renewal
 * reminders key on the expiry date (lib/licensing/send-renewal-reminders.ts), so the old date's stop.
 * No license yet (the checkout event comes later): the period end is recorded for the checkout.
 */
export async function handleInvoicePaid(
  ctx: VendorCtx,
  object: unknown,
  deps: BillingDeps,
): Promise<HandledStripeEvent> {
  const invoice = readStripeObject(invoiceShape, object);
  const stripeSubscriptionId = invoiceSubscriptionId(invoice);
  const periodEndsAt = invoicePeriodEnd(invoice);
  const ids = { stripeCustomerId: invoice.customer ?? null, stripeSubscriptionId, periodEndsAt };
  if (!stripeSubscriptionId || !periodEndsAt) return { outcome: "ignored", code: "NOT_A_SUBSCRIPTION", ...ids };
  const license = await findSubscribedLicense(ctx.db, stripeSubscriptionId);
  if (!license) return { outcome: "ignored", code: "SUBSCRIPTION_UNKNOWN", ...ids };
  const linked = { orgId: license.orgId, licenseId: license.id, ...ids };
  if (isRevokedOrRevoking(license.status)) return { outcome: "ignored", code: "LICENSE_REVOKED", ...linked };
  // An older invoice delivered late never shortens a term a later one paid for.
  const floor = license.expiresAt && license.expiresAt > ctx.now() ? license.expiresAt : ctx.now();
  if (periodEndsAt <= floor) return { outcome: "ignored", code: "TERM_ALREADY_PAID", ...linked };
  await extendLicenseExpiry(
    ctx,
    { licenseId: license.id, expiresAt: periodEndsAt, ...stripeReason("Subscription payment received") },
    deps,
  );
  return { outcome: "processed", ...linked };
}
