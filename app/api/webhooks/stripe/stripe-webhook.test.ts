/**
 * Issue 15 acceptance, over the real route handler: events signed by the stripe package's own test
 * helper (no network), applied once per event id. Checkout creates a customer and a license,
 * invoice.paid moves the expiry to the period paid, a cancelled subscription ends it there, a price
 * with no edition is refused (422) until mapped, refunds suspend, and a bad signature changes nothing.
 */
import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { mapStripePrice, processStripeEvent, saveStripeWebhookSecret } from "@/lib/billing";
import type { StripeEventEnvelope } from "@/lib/billing/stripe-event-shapes";
import {
  auditEvents,
  editions,
  licenses,
  organizations,
  orgMembers,
  outbox,
  stripeEvents,
  users,
} from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { sendRenewalReminders } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { harness } from "@/testing/app-harness";
import { changedTables, databaseFingerprint } from "@/testing/database-fingerprint";
import { makeProduct, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import { POST } from "./route";

const database = useTestDatabase();
const secrets = testSecrets();
const WEBHOOK_SECRET = `whsec_${"t".repeat(32)}`;
const reason = { reason: "set up Stripe for the shop", reasonCategory: "billing" } as const;
const DAY_S = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

function signedRequest(
  event: object,
  { secret = WEBHOOK_SECRET, payload = JSON.stringify(event), timestamp = nowSeconds() } = {},
) {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: JSON.stringify(event), secret, timestamp });
  return new Request("http://localhost:3000/api/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
}

async function deliver(event: object, options?: Parameters<typeof signedRequest>[1]) {
  const response = await POST(signedRequest(event, options));
  // The answer's shape is what these tests check.
  return { status: response.status, body: (await response.json()) as any };
}

const stripeEvent = (type: string, object: object) => ({
  id: `evt_${randomUUID().replace(/-/g, "")}`,
  object: "event",
  type,
  api_version: "2026-11-18.endive",
  data: { object },
});
const ids = () => {
  const tag = randomUUID().replace(/-/g, "").slice(0, 14);
  return {
    customer: `cus_${tag}`,
    subscription: `sub_${tag}`,
    price: `price_${tag}`,
    email: `buyer-${tag}@shop.example`,
  };
};

const checkoutCompleted = (buyer: ReturnType<typeof ids>, { quantity = 4 } = {}) =>
  stripeEvent("checkout.session.completed", {
    id: `cs_${randomUUID().replace(/-/g, "")}`,
    object: "checkout.session",
    mode: "subscription",
    payment_status: "paid",
    customer: buyer.customer,
    customer_details: { email: buyer.email, name: "Shop Buyer GmbH" },
    subscription: buyer.subscription,
    metadata: { rekey_price_id: buyer.price, rekey_seats: String(quantity) },
  });

const invoicePaid = (buyer: ReturnType<typeof ids>, periodEnd: number, type = "invoice.paid") =>
  stripeEvent(type, {
    id: `in_${randomUUID().replace(/-/g, "")}`,
    object: "invoice",
    customer: buyer.customer,
    parent: { type: "subscription_details", subscription_details: { subscription: buyer.subscription, metadata: {} } },
    lines: {
      object: "list",
      data: [{ id: "il_1", object: "line_item", period: { start: periodEnd - 30 * DAY_S, end: periodEnd } }],
    },
  });

const subscriptionEvent = (
  type: string,
  buyer: ReturnType<typeof ids>,
  { price = buyer.price, quantity = 4, periodEnd = nowSeconds() + 30 * DAY_S } = {},
) =>
  stripeEvent(type, {
    id: buyer.subscription,
    object: "subscription",
    customer: buyer.customer,
    status: type.endsWith("deleted") ? "canceled" : "active",
    items: {
      object: "list",
      data: [
        {
          id: "si_1",
          object: "subscription_item",
          price: { id: price, object: "price" },
          quantity,
          current_period_end: periodEnd,
        },
      ],
    },
  });

describe("Stripe webhook", () => {
  let adminCtx: ReturnType<typeof staffCtx>;
  let editionId: string;
  let productId: string;

  beforeAll(async () => {
    Object.assign(harness, { db: database.db, secrets });
    const admin = await makeUser(database.db, { staffRole: "admin" });
    adminCtx = staffCtx(database.db, admin, "admin", () => new Date());
    const { product, edition } = await makeProduct(database.db, { editionCode: "pro" });
    editionId = edition.id;
    productId = product.id;
    await saveStripeWebhookSecret(adminCtx, { webhookSecret: WEBHOOK_SECRET, ...reason }, { ring: secrets.ring });
  });

  async function buyerWithMappedPrice() {
    const buyer = ids();
    await mapStripePrice(adminCtx, { priceId: buyer.price, editionId, ...reason });
    return buyer;
  }

  const licensesOf = (subscription: string) =>
    database.db.select().from(licenses).where(eq(licenses.stripeSubscriptionId, subscription));

  it("creates exactly one customer and license for a signed checkout, and nothing more when it is replayed", async () => {
    const buyer = await buyerWithMappedPrice();
    const event = checkoutCompleted(buyer);
    const first = await deliver(event);
    expect(first).toMatchObject({ status: 200, body: { outcome: "processed" } });
    const [org] = await database.db
      .select()
      .from(organizations)
      .where(eq(organizations.stripeCustomerId, buyer.customer));
    expect(org?.name).toBe("Shop Buyer GmbH");
    const [owner] = await database.db
      .select({ role: orgMembers.role })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(eq(users.email, buyer.email));
    expect(owner?.role).toBe("owner");
    const [license] = await licensesOf(buyer.subscription);
    expect(license).toMatchObject({ orgId: org!.id, editionId, productId, seats: 4, status: "active" });
    const [created] = await database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, license!.id));
    expect(created).toMatchObject({
      action: "license.created",
      actorType: "system",
      actorLabel: `system:stripe:${event.id}`,
    });

    const before = await databaseFingerprint(database.db);
    expect(await deliver(event)).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    expect(changedTables(before, await databaseFingerprint(database.db))).toEqual([]);
    expect(
      await database.db
        .select({ n: count() })
        .from(organizations)
        .where(eq(organizations.stripeCustomerId, buyer.customer)),
    ).toEqual([{ n: 1 }]);
  });

  it("applies two concurrent deliveries of one event once", async () => {
    const buyer = await buyerWithMappedPrice();
    const event = checkoutCompleted(buyer);
    const answers = await Promise.all([deliver(event), deliver(event)]);
    expect(answers.map((answer) => answer.body.outcome).sort()).toEqual(["duplicate", "processed"]);
    expect(await licensesOf(buyer.subscription)).toHaveLength(1);
  });

  it("adds a second purchase to the organisation the buyer's email already owns", async () => {
    const buyer = await buyerWithMappedPrice();
    await deliver(checkoutCompleted(buyer));
    const second = {
      ...(await buyerWithMappedPrice()),
      email: buyer.email,
      customer: `cus_other${randomUUID().slice(0, 8)}`,
    };
    expect((await deliver(checkoutCompleted(second))).status).toBe(200);
    const [first] = await licensesOf(buyer.subscription);
    const [added] = await licensesOf(second.subscription);
    expect(added!.orgId).toBe(first!.orgId);
  });

  it("moves the expiry to the end of the period an invoice paid, also when the invoice arrives before the checkout", async () => {
    const buyer = await buyerWithMappedPrice();
    const periodEnd = nowSeconds() + 31 * DAY_S;
    expect(await deliver(invoicePaid(buyer, periodEnd))).toMatchObject({
      status: 200,
      body: { outcome: "ignored", code: "SUBSCRIPTION_UNKNOWN" },
    });
    await deliver(checkoutCompleted(buyer));
    expect((await licensesOf(buyer.subscription))[0]!.expiresAt).toEqual(new Date(periodEnd * 1000));

    const renewedTo = periodEnd + 30 * DAY_S;
    expect(await deliver(invoicePaid(buyer, renewedTo))).toMatchObject({ status: 200, body: { outcome: "processed" } });
    expect((await licensesOf(buyer.subscription))[0]!.expiresAt).toEqual(new Date(renewedTo * 1000));
    // A late, older invoice never takes back the period a newer one paid.
    expect(await deliver(invoicePaid(buyer, periodEnd))).toMatchObject({
      body: { outcome: "ignored", code: "TERM_ALREADY_PAID" },
    });
  });

  it("ends the license at the period end when the subscription is cancelled, and reminds of renewal only then", async () => {
    const buyer = await buyerWithMappedPrice();
    await deliver(checkoutCompleted(buyer));
    const [license] = await licensesOf(buyer.subscription);
    const periodEnd = nowSeconds() + 12 * DAY_S;
    expect(license!.expiresAt!.getTime()).toBeGreaterThan(periodEnd * 1000);
    // One day before the period ends (a default lead time): Stripe renews a live subscription, so no reminder.
    const remindAt = new Date((periodEnd - DAY_S + 60) * 1000);
    const reminders = async () => {
      await sendRenewalReminders(database.db, {
        now: remindAt,
        mailer: devMailboxMailer,
        portalUrl: "https://portal.example",
      });
      return (
        await database.db.select({ key: outbox.dedupeKey }).from(outbox).where(eq(outbox.orgId, license!.orgId))
      ).filter((row) => row.key.startsWith(`renewal-reminder:${license!.id}:`));
    };
    await database.db
      .update(licenses)
      .set({ expiresAt: new Date(periodEnd * 1000) })
      .where(eq(licenses.id, license!.id));
    expect(await reminders()).toEqual([]);
    await database.db.update(licenses).set({ expiresAt: license!.expiresAt }).where(eq(licenses.id, license!.id));

    expect(await deliver(subscriptionEvent("customer.subscription.deleted", buyer, { periodEnd }))).toMatchObject({
      status: 200,
      body: { outcome: "processed" },
    });
    const [ended] = await database.db.select().from(licenses).where(eq(licenses.id, license!.id));
    expect(ended).toMatchObject({
      status: "active",
      expiresAt: new Date(periodEnd * 1000),
      stripeSubscriptionId: null,
    });
    const trail = await database.db
      .select({ action: auditEvents.action, actorLabel: auditEvents.actorLabel })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, license!.id))
      .orderBy(auditEvents.id);
    expect(trail.slice(-2)).toEqual([
      { action: "license.subscription_ended", actorLabel: expect.stringMatching(/^system:stripe:evt_/) },
      { action: "license.expiry_shortened", actorLabel: expect.stringMatching(/^system:stripe:evt_/) },
    ]);
    expect((await reminders()).length).toBeGreaterThan(0);
  });

  it("follows an upgrade and a seat change made in Stripe", async () => {
    const buyer = await buyerWithMappedPrice();
    await deliver(checkoutCompleted(buyer));
    const [enterprise] = await database.db
      .insert(editions)
      .values({ productId, code: `enterprise-${randomUUID().slice(0, 6)}`, name: "Enterprise" })
      .returning();
    const upgrade = `price_up${randomUUID().replace(/-/g, "").slice(0, 10)}`;
    await mapStripePrice(adminCtx, { priceId: upgrade, editionId: enterprise!.id, ...reason });
    expect(
      await deliver(subscriptionEvent("customer.subscription.updated", buyer, { price: upgrade, quantity: 9 })),
    ).toMatchObject({ status: 200, body: { outcome: "processed" } });
    expect((await licensesOf(buyer.subscription))[0]).toMatchObject({ editionId: enterprise!.id, seats: 9 });
  });

  it("refuses a price with no edition with 422 STRIPE_PRICE_UNMAPPED, records it, and applies it when redelivered after the mapping", async () => {
    const buyer = ids();
    const event = checkoutCompleted(buyer);
    const refused = await deliver(event);
    expect(refused).toMatchObject({ status: 422, body: { code: "STRIPE_PRICE_UNMAPPED" } });
    expect(
      await database.db
        .select({ outcome: stripeEvents.outcome, code: stripeEvents.code })
        .from(stripeEvents)
        .where(eq(stripeEvents.eventId, event.id)),
    ).toEqual([{ outcome: "refused", code: "STRIPE_PRICE_UNMAPPED" }]);
    expect(
      await database.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, event.id)),
    ).toEqual([{ action: "billing.stripe_event_refused" }]);
    expect(
      await database.db.select().from(organizations).where(eq(organizations.stripeCustomerId, buyer.customer)),
    ).toEqual([]);

    await mapStripePrice(adminCtx, { priceId: buyer.price, editionId, ...reason });
    expect(await deliver(event)).toMatchObject({ status: 200, body: { outcome: "processed" } });
    expect(await licensesOf(buyer.subscription)).toHaveLength(1);
  });

  it("suspends the licenses the customer bought through Stripe on a full refund and on a lost dispute", async () => {
    const buyer = await buyerWithMappedPrice();
    await deliver(checkoutCompleted(buyer));
    const charge = `ch_${randomUUID().replace(/-/g, "").slice(0, 14)}`;
    await deliver(
      stripeEvent("charge.succeeded", { id: charge, object: "charge", customer: buyer.customer, refunded: false }),
    );
    expect(
      await deliver(stripeEvent("charge.dispute.closed", { id: "dp_1", object: "dispute", charge, status: "lost" })),
    ).toMatchObject({ body: { outcome: "processed" } });
    expect((await licensesOf(buyer.subscription))[0]!.status).toBe("suspended");

    const refunded = await buyerWithMappedPrice();
    await deliver(checkoutCompleted(refunded));
    expect(
      await deliver(
        stripeEvent("charge.refunded", {
          id: `ch_r${randomUUID().slice(0, 8)}`,
          object: "charge",
          customer: refunded.customer,
          refunded: true,
        }),
      ),
    ).toMatchObject({ body: { outcome: "processed" } });
    expect((await licensesOf(refunded.subscription))[0]!.status).toBe("suspended");
  });

  it("sends a purchase's emails after its transaction commits, and leaves a failed send to the worker's retries", async () => {
    const buyer = await buyerWithMappedPrice();
    const event = checkoutCompleted(buyer);
    const sent: string[] = [];
    const failingMailer = {
      transport: "resend" as const,
      async send(message: { to: string; subject: string }) {
        sent.push(message.subject);
        throw new Error("mail provider unavailable");
      },
    };
    const now = new Date();
    expect(
      await processStripeEvent(database.db, event as StripeEventEnvelope, {
        now,
        mailer: failingMailer,
        portalUrl: "https://portal.example",
        secrets,
      }),
    ).toEqual({ outcome: "processed", code: null });
    const [license] = await licensesOf(buyer.subscription);
    const queued = await database.db
      .select({ status: outbox.status, nextAttemptAt: outbox.nextAttemptAt })
      .from(outbox)
      .where(eq(outbox.orgId, license!.orgId));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(queued).toHaveLength(sent.length);
    expect(queued.every((row) => row.status === "failed" && row.nextAttemptAt > now)).toBe(true);
  });

  it("answers 400 STRIPE_SIGNATURE_INVALID and changes nothing for a wrong secret, a changed body, a stale signature or none", async () => {
    const buyer = await buyerWithMappedPrice();
    const event = checkoutCompleted(buyer);
    const before = await databaseFingerprint(database.db);
    const forged = [
      signedRequest(event, { secret: `whsec_${"x".repeat(32)}` }),
      signedRequest(event, { payload: JSON.stringify({ ...event, type: "charge.refunded" }) }),
      // A genuine event captured and replayed later than Stripe's 5-minute tolerance.
      signedRequest(event, { timestamp: nowSeconds() - 600 }),
      new Request("http://localhost:3000/api/webhooks/stripe", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(event),
      }),
    ];
    for (const request of forged) {
      const response = await POST(request);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ code: "STRIPE_SIGNATURE_INVALID" });
    }
    expect(changedTables(before, await databaseFingerprint(database.db))).toEqual([]);
  });
});
