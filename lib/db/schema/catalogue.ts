/** The schema's Catalogue tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./auth";
import { expiryStrategy, overageStrategy, seatModel } from "./enums";

export const products = pgTable("products", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  createdAt: createdAt(),
});

export const editions = pgTable(
  "editions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** What a new license of this edition starts with; staff may change them per license. */
    defaultSeats: integer("default_seats").notNull().default(1),
    /** Term of a new license in days; null: perpetual (no expiry). */
    defaultTermDays: integer("default_term_days").default(365),
    defaultOfflineGraceDays: integer("default_offline_grace_days").notNull().default(7),
    /** Licensing model (issue 18): `floating` licenses hand out `seats` concurrent leases instead of binding devices. */
    seatModel: seatModel("seat_model").notNull().default("device"),
    /** How long a floating lease lasts without a heartbeat; an unrenewed lease frees its seat after this. */
    floatingLeaseMinutes: integer("floating_lease_minutes").notNull().default(15),
    /** The longest a floating lease may be borrowed for offline use; 0: borrowing is off. */
    maxBorrowDays: integer("max_borrow_days").notNull().default(0),
    /** Usage quotas (issue 18): what a record past a quota of this edition gets (edition_usage_quotas). */
    overageStrategy: overageStrategy("overage_strategy").notNull().default("none"),
    /** What its licenses do once expired past the grace (issue 18); `restrict` keeps `featuresAfterExpiry`. */
    expiryStrategy: expiryStrategy("expiry_strategy").notNull().default("revoke_after_grace"),
    /** Feature codes that keep working after expiry under `restrict`; a subset of the edition's. */
    featuresAfterExpiry: text("features_after_expiry").array().notNull().default(sql`'{}'::text[]`),
    /**
     * Device transfer limit (issue 18): how many times a seat may move to another device (see
     * lib/devices/transfer-policy.ts) per rolling `deviceTransferPeriodDays`; null: unlimited.
     */
    maxDeviceTransfers: integer("max_device_transfers"),
    deviceTransferPeriodDays: integer("device_transfer_period_days").notNull().default(30),
    /**
     * Named-user editions (issue 18): validation accepts only a seat holder's token (lib/seats/seat-token.ts),
     * not a bare email. Off for editions made before tokens existed, so their shipped clients keep working.
     */
    requireSeatToken: boolean("require_seat_token").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("editions_product_code_uq").on(t.productId, t.code),
    check("editions_default_seats_ck", sql`${t.defaultSeats} > 0`),
    check("editions_default_term_ck", sql`${t.defaultTermDays} is null or ${t.defaultTermDays} > 0`),
    check("editions_default_grace_ck", sql`${t.defaultOfflineGraceDays} >= 0`),
    check("editions_floating_lease_ck", sql`${t.floatingLeaseMinutes} between 1 and 1440`),
    check("editions_max_borrow_ck", sql`${t.maxBorrowDays} between 0 and 90`),
    check(
      "editions_max_transfers_ck",
      sql`${t.maxDeviceTransfers} is null or ${t.maxDeviceTransfers} between 0 and 1000`,
    ),
    check("editions_transfer_period_ck", sql`${t.deviceTransferPeriodDays} between 1 and 365`),
  ],
);

/** The feature codes an edition grants: a new license of the edition is entitled to exactly these. */
export const editionFeatures = pgTable(
  "edition_features",
  {
    editionId: uuid("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    featureId: uuid("feature_id")
      .notNull()
      .references(() => features.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.editionId, t.featureId] }),
    index("edition_features_feature_id_idx").on(t.featureId),
  ],
);

/** The catalogue of feature codes a product knows; a license's entitlements point here. */
export const features = pgTable(
  "features",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
  },
  (t) => [uniqueIndex("features_product_code_uq").on(t.productId, t.code)],
);

/**
 * Vendor rules for rotations. Versioned: an edit inserts a new version, and each rotation records
 * the version it was planned under, so a later tightening never silently changes a planned change.
 */
export const rotationPolicies = pgTable(
  "rotation_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    editionId: uuid("edition_id").references(() => editions.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    allowedCadenceDays: integer("allowed_cadence_days").array().notNull(),
    allowManualCadence: boolean("allow_manual_cadence").notNull().default(true),
    minOverlapMinutes: integer("min_overlap_minutes").notNull(),
    maxOverlapMinutes: integer("max_overlap_minutes").notNull(),
    minNoticeDays: integer("min_notice_days").notNull(),
    maxPostponeDays: integer("max_postpone_days").notNull(),
    allowTokenBridging: boolean("allow_token_bridging").notNull().default(false),
    /** Days an expired license keeps validating (answering EXPIRED with `graceEndsAt`) before its features stop. */
    expiryGraceDays: integer("expiry_grace_days").notNull().default(0),
    /** A key older than this is rotated out even on a manual cadence; null: no age limit. */
    maxKeyAgeDays: integer("max_key_age_days"),
    /** A key no client has validated for this long is retired by the worker; null: kept however idle. */
    retireUnusedKeysAfterDays: integer("retire_unused_keys_after_days"),
    /** A revocation stays undoable (the license suspended) this long before it becomes permanent. */
    revocationUndoHours: integer("revocation_undo_hours").notNull().default(72),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("rotation_policies_scope_version_uq").on(
      t.productId,
      sql`coalesce(${t.editionId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.version,
    ),
    index("rotation_policies_edition_id_idx").on(t.editionId),
    index("rotation_policies_created_by_idx").on(t.createdBy),
    check(
      "rotation_policies_overlap_ck",
      sql`${t.minOverlapMinutes} >= 0 and ${t.maxOverlapMinutes} >= ${t.minOverlapMinutes}`,
    ),
    check("rotation_policies_notice_ck", sql`${t.minNoticeDays} >= 0 and ${t.maxPostponeDays} >= 0`),
    check("rotation_policies_grace_ck", sql`${t.expiryGraceDays} between 0 and 365`),
    check("rotation_policies_key_age_ck", sql`${t.maxKeyAgeDays} is null or ${t.maxKeyAgeDays} > 0`),
    check(
      "rotation_policies_unused_ck",
      sql`${t.retireUnusedKeysAfterDays} is null or ${t.retireUnusedKeysAfterDays} > 0`,
    ),
    check("rotation_policies_revocation_undo_ck", sql`${t.revocationUndoHours} between 0 and 720`),
  ],
);

/** Periods in which the vendor forbids planned rotations for a product (e.g. a release freeze). */
export const freezePeriods = pgTable(
  "freeze_periods",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    startsAt: tstz("starts_at").notNull(),
    endsAt: tstz("ends_at").notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("freeze_periods_product_id_idx").on(t.productId),
    check("freeze_periods_range_ck", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
