/** The schema's usage-quota tables (issue 18; lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { editions } from "./catalogue";
import { createdAt, tstz } from "./columns";
import { usagePeriod } from "./enums";
import { licenses } from "./licensing";

/**
 * A metered entitlement of an edition: every license of it may record `amount` of `meter` per
 * period (e.g. 10 000 `exports` a `month`); the edition's overage strategy says what happens past it.
 */
export const editionUsageQuotas = pgTable(
  "edition_usage_quotas",
  {
    editionId: uuid("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    /** The code client software records under, lower-case like a feature code. */
    meter: text("meter").notNull(),
    amount: integer("amount").notNull(),
    period: usagePeriod("period").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.editionId, t.meter] }),
    check("edition_usage_quotas_amount_ck", sql`${t.amount} > 0`),
  ],
);

/**
 * One usage record sent by client software. `client_record_id` is the id the client generated for
 * it, unique per license, so a retried request records nothing twice. `period_starts_at` is the
 * start of the quota period it counts in, stored so a period's total is one indexed sum.
 */
export const usageRecords = pgTable(
  "usage_records",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    meter: text("meter").notNull(),
    quantity: integer("quantity").notNull(),
    clientRecordId: text("client_record_id").notNull(),
    periodStartsAt: tstz("period_starts_at").notNull(),
    recordedAt: tstz("recorded_at").notNull(),
  },
  (t) => [
    uniqueIndex("usage_records_client_id_uq").on(t.licenseId, t.clientRecordId),
    index("usage_records_period_idx").on(t.licenseId, t.meter, t.periodStartsAt),
    check("usage_records_quantity_ck", sql`${t.quantity} > 0`),
  ],
);
