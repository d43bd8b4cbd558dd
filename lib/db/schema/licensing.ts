/** The schema's Licenses and keys tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { editions, features, products } from "./catalogue";
import { activationPinMode, licenseKeyState, licenseStatus, revocationReasonCode } from "./enums";
import { organizations } from "./tenancy";

export const licenses = pgTable(
  "licenses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    editionId: uuid("edition_id")
      .notNull()
      .references(() => editions.id),
    seats: integer("seats").notNull(),
    startsAt: tstz("starts_at").notNull(),
    expiresAt: tstz("expires_at"),
    status: licenseStatus("status").notNull().default("active"),
    offlineGraceDays: integer("offline_grace_days").notNull().default(7),
    /** How long a device lease lasts; the client heartbeats well before it ends. Set by the vendor. */
    deviceLeaseMinutes: integer("device_lease_minutes").notNull().default(1440),
    /** Days without a heartbeat after which a device turns `inactive` and frees its seat; null keeps it. */
    deviceInactiveAfterDays: integer("device_inactive_after_days").default(30),
    /** Email the owners when an anomaly flag is raised on this license (flags are raised either way). */
    deviceAnomalyNotice: boolean("device_anomaly_notice").notNull().default(true),
    /** While `revoking`: the moment the worker makes the revocation permanent. */
    revokesAt: tstz("revokes_at"),
    /** While `revoking`: the code the revocation feed will publish when it becomes permanent. */
    revocationReasonCode: revocationReasonCode("revocation_reason_code"),
    revokedAt: tstz("revoked_at"),
    /**
     * Enterprise layered verification: scrypt hash of the license PIN a new device must present at
     * activation (`scrypt$N$r$p$salt$hash`, base64url). Null: no PIN, nobody is ever asked.
     */
    activationPinHash: text("activation_pin_hash"),
    /** When the PIN is asked: for every new device, or only for a new device on a new network. */
    activationPinMode: activationPinMode("activation_pin_mode"),
    activationPinSetAt: tstz("activation_pin_set_at"),
    /** When the term was last renewed (the expiry moved later): the planner keeps rotations clear of it. */
    renewedAt: tstz("renewed_at"),
    /**
     * When the current term began, set by a renewal (the previous expiry, or the renewal itself for
     * a license renewed after it expired); null: the first term, which began at `startsAt`.
     */
    termStartsAt: tstz("term_starts_at"),
    /** When a trial became this paid license in place (same id, same devices, new key). */
    convertedFromTrialAt: tstz("converted_from_trial_at"),
    /** The vendor's own references (order number, CRM id): shown to staff, never to client software. */
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    /** Staff-only notes about the deal; never shown to the customer. */
    notes: text("notes").notNull().default(""),
    /** The Stripe subscription (`sub_…`) that pays for this license: its events move the term (lib/billing). */
    stripeSubscriptionId: text("stripe_subscription_id").unique(),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("licenses_org_id_idx").on(t.orgId),
    index("licenses_product_id_idx").on(t.productId),
    index("licenses_edition_id_idx").on(t.editionId),
    index("licenses_revokes_at_idx").on(t.revokesAt),
    check("licenses_seats_ck", sql`${t.seats} > 0`),
    check("licenses_grace_ck", sql`${t.offlineGraceDays} >= 0`),
    check("licenses_validity_ck", sql`${t.expiresAt} is null or ${t.expiresAt} > ${t.startsAt}`),
    check("licenses_device_lease_ck", sql`${t.deviceLeaseMinutes} between 5 and 43200`),
    // Compared as text: a migration cannot use an enum value it adds in the same transaction.
    check("licenses_revoking_ck", sql`(${t.status}::text = 'revoking') = (${t.revokesAt} is not null)`),
    check(
      "licenses_device_inactive_ck",
      sql`${t.deviceInactiveAfterDays} is null or ${t.deviceInactiveAfterDays} between 1 and 365`,
    ),
    check("licenses_activation_pin_ck", sql`(${t.activationPinHash} is null) = (${t.activationPinMode} is null)`),
  ],
);

export const licenseEntitlements = pgTable(
  "license_entitlements",
  {
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    featureId: uuid("feature_id")
      .notNull()
      .references(() => features.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.licenseId, t.featureId] }),
    index("license_entitlements_feature_id_idx").on(t.featureId),
  ],
);

export const licenseKeys = pgTable(
  "license_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    state: licenseKeyState("state").notNull().default("pending"),
    /** The public, displayable start of the key (e.g. `RK-7F3Q`); never enough to use it. */
    prefix: text("prefix").notNull(),
    /** HMAC-SHA-256 of the normalised key, hex: the only way a key is looked up. */
    digest: text("digest").notNull().unique(),
    /** AES-256-GCM ciphertext of the key so its owner can see it again; never shown to staff. */
    ciphertext: text("ciphertext").notNull(),
    masterKeyVersion: integer("master_key_version").notNull(),
    activatedAt: tstz("activated_at"),
    retiringAt: tstz("retiring_at"),
    /** End of the overlap: the old key stops validating at this instant. */
    retiresAt: tstz("retires_at"),
    retiredAt: tstz("retired_at"),
    revokedAt: tstz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("license_keys_license_id_idx").on(t.licenseId),
    index("license_keys_prefix_idx").on(t.prefix),
    // DESIGN.md §2: at most one active and one pending-or-retiring key per license. Enforced as
    // one index per state because a rotation swaps keys row by row (old active → retiring, then
    // new pending → active); one open rotation per license rules out pending + retiring together.
    uniqueIndex("license_keys_one_active_uq").on(t.licenseId).where(sql`${t.state} = 'active'`),
    uniqueIndex("license_keys_one_pending_uq").on(t.licenseId).where(sql`${t.state} = 'pending'`),
    uniqueIndex("license_keys_one_retiring_uq").on(t.licenseId).where(sql`${t.state} = 'retiring'`),
  ],
);
