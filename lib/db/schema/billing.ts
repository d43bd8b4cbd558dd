/** The schema's Stripe purchases (issue 15) tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { editions } from "./catalogue";
import { licenses } from "./licensing";
import { organizations } from "./tenancy";

/** Which edition a Stripe price sells: checkout and subscription changes map their price through this. */
export const stripePriceEditions = pgTable(
  "stripe_price_editions",
  {
    priceId: text("price_id").primaryKey(),
    editionId: uuid("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    createdAt: tstz("created_at").notNull(),
  },
  (t) => [index("stripe_price_editions_edition_id_idx").on(t.editionId)],
);

/** The webhook signing secret an admin entered (`whsec_…`), sealed under the master key; one row. */
export const stripeSettings = pgTable(
  "stripe_settings",
  {
    id: integer("id").primaryKey().default(1),
    webhookSecretCiphertext: text("webhook_secret_ciphertext").notNull(),
    updatedAt: tstz("updated_at").notNull(),
  },
  (t) => [check("stripe_settings_single_row_ck", sql`${t.id} = 1`)],
);

export const stripeEventOutcome = pgEnum("stripe_event_outcome", ["processed", "ignored", "refused"]);

/**
 * Every verified Stripe event, claimed by its id in the transaction that applies it, so a
 * redelivery or two concurrent deliveries change nothing twice. A `refused` event (a price with no
 * edition) is applied again when Stripe redelivers it. The ids it names (customer, subscription,
 * charge, paid period end) let later events find what earlier ones did, whatever their order.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    eventId: text("event_id").primaryKey(),
    type: text("type").notNull(),
    outcome: stripeEventOutcome("outcome").notNull(),
    /** Why it was ignored or refused, as a stable code (STRIPE_PRICE_UNMAPPED, SUBSCRIPTION_UNKNOWN, …). */
    code: text("code"),
    stripeCustomerId: text("stripe_customer_id"),
    stripeSubscriptionId: text("stripe_subscription_id"),
    stripeChargeId: text("stripe_charge_id"),
    periodEndsAt: tstz("period_ends_at"),
    orgId: uuid("org_id").references(() => organizations.id, { onDelete: "set null" }),
    licenseId: uuid("license_id").references(() => licenses.id, { onDelete: "set null" }),
    receivedAt: tstz("received_at").notNull(),
  },
  (t) => [
    index("stripe_events_received_at_idx").on(t.receivedAt),
    index("stripe_events_subscription_idx").on(t.stripeSubscriptionId),
    index("stripe_events_charge_idx").on(t.stripeChargeId),
    index("stripe_events_org_id_idx").on(t.orgId),
    index("stripe_events_license_id_idx").on(t.licenseId),
  ],
);
