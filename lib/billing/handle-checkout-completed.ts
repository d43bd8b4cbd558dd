import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { licenses, organizations, orgMembers, stripeEvents, users } from "@/lib/db/schema";
import { createLicense } from "@/lib/licensing";
import { lockLicense } from "@/lib/licensing/lock-license";
import { moveLicenseExpiry } from "@/lib/licensing/move-license-expiry";
import { createCustomer } from "@/lib/orgs";
import { StripeEventRefused } from "./stripe-errors";
import { checkoutSessionShape, type CheckoutSession } from "./stripe-event-shapes";
import {
  findStripeCustomerOrg,
  findSubscribedLicense,
  readStripeObject,
  stripeReason,
  type BillingDeps,
  type HandledStripeEvent,
} from "./stripe-event-handler";
import { findEditionForPrice } from "./stripe-price-editions";

/** The license metadata key naming the checkout that sold it: refunds and disputes find Stripe-sold licenses by it. */
export const STRIPE_CHECKOUT_METADATA_KEY = "stripe_checkout_session";

/**
 * `checkout.session.completed`: a purchase. The buyer's organisation is the one linked to the Stripe
 * customer, else the one the buyer's email owns, else a new customer whose owner is invited; then a
 * license of the price's edition, linked to the subscription. Stripe often sends the first
 * `invoice.paid` before this event: its paid period end, recorded then, becomes the expiry here.
 */
export async function handleCheckoutCompleted(
  ctx: VendorCtx,
  object: unknown,
  deps: BillingDeps,
): Promise<HandledStripeEvent> {
  const session = readStripeObject(checkoutSessionShape, object);
  const ids = { stripeCustomerId: session.customer ?? null, stripeSubscriptionId: session.subscription ?? null };
  // Delayed payment methods complete the session unpaid; `checkout.session.async_payment_succeeded` follows.
  if (session.payment_status === "unpaid") return { outcome: "ignored", code: "PAYMENT_PENDING", ...ids };
  const existing = ids.stripeSubscriptionId ? await findSubscribedLicense(ctx.db, ids.stripeSubscriptionId) : null;
  if (existing)
    return { outcome: "ignored", code: "LICENSE_EXISTS", orgId: existing.orgId, licenseId: existing.id, ...ids };

  const { priceId, quantity } = purchasedPrice(session);
  const edition = await findEditionForPrice(ctx.db, priceId);
  const email = (session.customer_details?.email ?? session.customer_email ?? "").trim().toLowerCase();
  if (!email)
    throw new StripeEventRefused(
      "STRIPE_EMAIL_MISSING",
      "The checkout session carries no customer email to invite as the owner.",
    );

  const orgId = await findOrCreateBuyer(
    ctx,
    { email, name: session.customer_details?.name?.trim() || email, stripeCustomerId: ids.stripeCustomerId },
    deps,
  );
  const created = await createLicense(
    ctx,
    {
      ...stripeReason("Bought through Stripe checkout"),
      orgId,
      editionId: edition.editionId,
      seats: quantity ?? edition.defaultSeats,
      termDays: edition.defaultTermDays,
      offlineGraceDays: edition.defaultOfflineGraceDays,
      metadata: {
        [STRIPE_CHECKOUT_METADATA_KEY]: session.id,
        ...(ids.stripeSubscriptionId ? { stripe_subscription: ids.stripeSubscriptionId } : {}),
      },
      notes: "",
    },
    deps,
  );
  if (ids.stripeSubscriptionId) await linkSubscription(ctx, created.licenseId, ids.stripeSubscriptionId);
  return { outcome: "processed", orgId, licenseId: created.licenseId, ...ids };
}

/** The line item's price when the relay expanded `line_items`; else the `rekey_price_id` / `rekey_seats` metadata set at checkout. */
function purchasedPrice(session: CheckoutSession): { priceId: string; quantity: number | null } {
  const item = session.line_items?.data.find((line) => line.price?.id);
  if (item?.price) return { priceId: item.price.id, quantity: item.quantity ?? null };
  const priceId = session.metadata?.rekey_price_id;
  if (!priceId)
    throw new StripeEventRefused(
      "STRIPE_PRICE_MISSING",
      "The checkout session names no price: set metadata rekey_price_id on the session (or expand line_items).",
    );
  const seats = Number(session.metadata?.rekey_seats);
  return { priceId, quantity: Number.isInteger(seats) && seats > 0 ? seats : null };
}

async function findOrCreateBuyer(
  ctx: VendorCtx,
  buyer: { email: string; name: string; stripeCustomerId: string | null },
  deps: BillingDeps,
): Promise<string> {
  const linked = buyer.stripeCustomerId ? await findStripeCustomerOrg(ctx.db, buyer.stripeCustomerId) : null;
  if (linked) return linked.id;
  const orgId =
    (await findOrgOwnedBy(ctx.db, buyer.email)) ??
    (
      await createCustomer(
        ctx,
        { ...stripeReason("Bought through Stripe checkout"), name: buyer.name.slice(0, 100), ownerEmail: buyer.email },
        { ...deps, inviter: "Your purchase" },
      )
    ).orgId;
  if (buyer.stripeCustomerId) await linkStripeCustomer(ctx, orgId, buyer.stripeCustomerId);
  return orgId;
}

/** The organisation the buyer already owns (their oldest), so a second purchase lands beside the first. */
async function findOrgOwnedBy(db: Executor, email: string): Promise<string | null> {
  const [owned] = await db
    .select({ orgId: orgMembers.orgId })
    .from(orgMembers)
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .where(and(eq(users.email, email), eq(orgMembers.role, "owner")))
    .orderBy(orgMembers.createdAt)
    .limit(1);
  return owned?.orgId ?? null;
}

/** Only an organisation not yet linked takes the id: one Stripe customer per organisation, never silently replaced. */
async function linkStripeCustomer(ctx: VendorCtx, orgId: string, stripeCustomerId: string) {
  const [linked] = await ctx.db
    .update(organizations)
    .set({ stripeCustomerId })
    .where(and(eq(organizations.id, orgId), isNull(organizations.stripeCustomerId)))
    .returning({ id: organizations.id });
  if (!linked) return;
  await appendAuditEvent(ctx.db, {
    actor: ctx.actor,
    at: ctx.now(),
    orgId,
    action: "org.stripe_customer_linked",
    subjectType: "org",
    subjectId: orgId,
    data: { stripeCustomerId },
  });
}

/**
 * Links the new license to its subscription, and gives it the period an earlier `invoice.paid` for
 * that subscription already paid (recorded on its event row while no license had the subscription).
 */
async function linkSubscription(ctx: VendorCtx, licenseId: string, stripeSubscriptionId: string) {
  await ctx.db.transaction(async (tx) => {
    await lockLicense(tx, licenseId);
    const [license] = await tx
      .update(licenses)
      .set({ stripeSubscriptionId })
      .where(eq(licenses.id, licenseId))
      .returning();
    const [paid] = await tx
      .select({ periodEndsAt: stripeEvents.periodEndsAt })
      .from(stripeEvents)
      .where(
        and(
          eq(stripeEvents.stripeSubscriptionId, stripeSubscriptionId),
          eq(stripeEvents.type, "invoice.paid"),
          isNotNull(stripeEvents.periodEndsAt),
        ),
      )
      .orderBy(desc(stripeEvents.periodEndsAt))
      .limit(1);
    if (!paid?.periodEndsAt || paid.periodEndsAt <= ctx.now()) return;
    await moveLicenseExpiry(tx, ctx, license!, paid.periodEndsAt, {
      ...stripeReason("Subscription payment received"),
      data: { stripeSubscriptionId },
    });
  });
}
