import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import { licenses } from "@/lib/db/schema";
import { isRevokedOrRevoking } from "@/lib/licensing";
import { lockLicense } from "@/lib/licensing/lock-license";
import { moveLicenseExpiry } from "@/lib/licensing/move-license-expiry";
import { invoiceShape, invoiceSubscriptionId, subscriptionPeriodEnd, subscriptionShape } from "./stripe-event-shapes";
import { findSubscribedLicense, readStripeObject, stripeReason, type HandledStripeEvent } from "./stripe-event-handler";

/**
 * `customer.subscription.deleted`: the license ends with the period already paid, then the product's
 * expiry grace applies as for any expiry (lib/licensing/find-expiry-grace-end.ts). A term that ends
 * sooner is kept; the license is never cut short of what was paid. The license is unlinked from the
 * subscription, so renewal reminders (which skip subscribed licenses) resume.
 */
export async function handleSubscriptionDeleted(ctx: VendorCtx, object: unknown): Promise<HandledStripeEvent> {
  const subscription = readStripeObject(subscriptionShape, object);
  const periodEndsAt = subscriptionPeriodEnd(subscription);
  const ids = { stripeCustomerId: subscription.customer ?? null, stripeSubscriptionId: subscription.id, periodEndsAt };
  const license = await findSubscribedLicense(ctx.db, subscription.id);
  if (!license) return { outcome: "ignored", code: "SUBSCRIPTION_UNKNOWN", ...ids };
  const linked = { orgId: license.orgId, licenseId: license.id, ...ids };
  if (isRevokedOrRevoking(license.status)) return { outcome: "ignored", code: "LICENSE_REVOKED", ...linked };
  const endsAt = periodEndsAt ?? ctx.now();
  const cancelled = stripeReason("Subscription cancelled: the license ends with the period paid");
  await ctx.db.transaction(async (tx) => {
    const locked = await lockLicense(tx, license.id);
    // Unlinked, the license is the customer's to renew again: renewal reminders resume for its last period.
    const [unlinked] = await tx
      .update(licenses)
      .set({ stripeSubscriptionId: null, updatedAt: ctx.now() })
      .where(eq(licenses.id, locked.id))
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: license.orgId,
      action: "license.subscription_ended",
      subjectType: "license",
      subjectId: license.id,
      reason: cancelled.reason,
      data: { stripeSubscriptionId: subscription.id, periodEndsAt: endsAt },
    });
    // Never cut short of what was paid; a term that already ends by then is kept.
    if (!locked.expiresAt || locked.expiresAt > endsAt) {
      await moveLicenseExpiry(tx, ctx, unlinked!, endsAt, {
        ...cancelled,
        data: { stripeSubscriptionId: subscription.id },
      });
    }
  });
  return { outcome: "processed", ...linked };
}

/**
 * `invoice.payment_failed`: the term is not extended, so the license expires at the end of the
 * period last paid (Stripe's own retries may still pay it: `invoice.paid` then extends it). Recorded
 * on the license's trail so support sees why it is about to lapse.
 */
export async function handleInvoicePaymentFailed(ctx: VendorCtx, object: unknown): Promise<HandledStripeEvent> {
  const invoice = readStripeObject(invoiceShape, object);
  const stripeSubscriptionId = invoiceSubscriptionId(invoice);
  const ids = { stripeCustomerId: invoice.customer ?? null, stripeSubscriptionId };
  const license = stripeSubscriptionId ? await findSubscribedLicense(ctx.db, stripeSubscriptionId) : null;
  if (!license) return { outcome: "ignored", code: "SUBSCRIPTION_UNKNOWN", ...ids };
  await appendAuditEvent(ctx.db, {
    actor: ctx.actor,
    at: ctx.now(),
    orgId: license.orgId,
    action: "license.payment_failed",
    subjectType: "license",
    subjectId: license.id,
    reason: stripeReason(
      "A subscription payment failed: the license expires at the end of the period paid unless it is paid",
    ).reason,
    data: { stripeInvoiceId: invoice.id, expiresAt: license.expiresAt },
  });
  return { outcome: "processed", orgId: license.orgId, licenseId: license.id, ...ids };
}
