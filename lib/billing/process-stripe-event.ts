import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import type { Db, Tx } from "@/lib/db";
import { stripeEvents } from "@/lib/db/schema";
import { DomainError } from "@/lib/errors";
import { createDeferredMailer } from "./deferred-mailer";
import { handleCheckoutCompleted } from "./handle-checkout-completed";
import { handleInvoicePaid } from "./handle-invoice-paid";
import { handleChargeRefunded, handleChargeSucceeded, handleDisputeClosed } from "./handle-payment-reversed";
import { handleInvoicePaymentFailed, handleSubscriptionDeleted } from "./handle-subscription-ended";
import { handleSubscriptionUpdated } from "./handle-subscription-updated";
import type { StripeEventEnvelope } from "./stripe-event-shapes";
import type { BillingDeps, HandledStripeEvent, StripeEventHandler } from "./stripe-event-handler";

/** The events to enable on the Stripe endpoint (README "Selling through Stripe"); any other is answered 200 and ignored. */
export const STRIPE_EVENT_HANDLERS: Readonly<Record<string, StripeEventHandler>> = {
  "checkout.session.completed": handleCheckoutCompleted,
  "checkout.session.async_payment_succeeded": handleCheckoutCompleted,
  "invoice.paid": handleInvoicePaid,
  "invoice.payment_failed": handleInvoicePaymentFailed,
  "customer.subscription.updated": handleSubscriptionUpdated,
  "customer.subscription.deleted": handleSubscriptionDeleted,
  "charge.succeeded": handleChargeSucceeded,
  "charge.refunded": handleChargeRefunded,
  "charge.dispute.closed": handleDisputeClosed,
};

export type StripeEventResult =
  | { outcome: "processed" | "ignored"; code: string | null }
  /** Seen before and applied or ignored then: nothing done again. */
  | { outcome: "duplicate"; code: null }
  /** Not applied (a price with no edition): recorded, and applied when Stripe redelivers it after the fix. */
  | { outcome: "refused"; code: string; message: string };

/**
 * Applies one verified Stripe event exactly once. The event's row is claimed by its id in the same
 * transaction as the effect: a redelivery, or a second delivery racing this one (it waits on the
 * row's key until this commits), finds the row and does nothing. Every change is audited with the
 * system actor `stripe:<event id>`. A refusal rolls back whatever the handler did (a savepoint) and
 * keeps only the row and an audit event, so the vendor sees it in Admin → Billing. Emails go out
 * after the commit (lib/billing/deferred-mailer.ts).
 */
export async function processStripeEvent(
  db: Db,
  event: StripeEventEnvelope,
  { now, mailer, ...deps }: BillingDeps & { now: Date },
): Promise<StripeEventResult> {
  const emails = createDeferredMailer(mailer);
  const result = await applyStripeEvent(db, event, { now, mailer: emails.mailer, ...deps });
  // A refusal rolled back the handler's savepoint, and with it these emails' outbox rows; a thrown
  // error rolled back everything and never gets here.
  if (result.outcome !== "refused") await emails.flush(db, now);
  return result;
}

async function applyStripeEvent(
  db: Db,
  event: StripeEventEnvelope,
  { now, ...deps }: BillingDeps & { now: Date },
): Promise<StripeEventResult> {
  const handler = STRIPE_EVENT_HANDLERS[event.type];
  return db.transaction(async (tx) => {
    if (!(await claimStripeEvent(tx, event, now))) return { outcome: "duplicate", code: null };
    const ctx: VendorCtx = { db: tx, now: () => now, actor: { type: "system", label: `stripe:${event.id}` } };
    let handled: HandledStripeEvent;
    try {
      handled = handler
        ? await tx.transaction((savepoint) => handler({ ...ctx, db: savepoint }, event.data.object, deps))
        : { outcome: "ignored", code: "EVENT_TYPE_NOT_HANDLED" };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await recordOutcome(tx, event.id, { outcome: "refused", code: error.code });
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        action: "billing.stripe_event_refused",
        subjectType: "stripe_event",
        subjectId: event.id,
        reason: error.userMessage,
        data: { type: event.type, code: error.code },
      });
      return { outcome: "refused", code: error.code, message: error.userMessage };
    }
    await recordOutcome(tx, event.id, { code: null, ...handled });
    return { outcome: handled.outcome, code: handled.code ?? null };
  });
}

/** True when this delivery may apply the event: it is new, or it was refused before and is being redelivered. */
async function claimStripeEvent(tx: Tx, event: StripeEventEnvelope, now: Date): Promise<boolean> {
  const [claimed] = await tx
    .insert(stripeEvents)
    .values({ eventId: event.id, type: event.type, outcome: "refused", receivedAt: now })
    .onConflictDoNothing()
    .returning({ eventId: stripeEvents.eventId });
  if (claimed) return true;
  const [seen] = await tx
    .select({ outcome: stripeEvents.outcome })
    .from(stripeEvents)
    .where(eq(stripeEvents.eventId, event.id))
    .for("update");
  return seen?.outcome === "refused";
}

async function recordOutcome(
  tx: Tx,
  eventId: string,
  outcome: Partial<typeof stripeEvents.$inferInsert> & Pick<typeof stripeEvents.$inferInsert, "outcome">,
) {
  await tx.update(stripeEvents).set(outcome).where(eq(stripeEvents.eventId, eventId));
}
