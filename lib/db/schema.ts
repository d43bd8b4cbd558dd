/**
 * The whole domain model of DESIGN.md §2 plus the Auth.js tables.
 *
 * Conventions: every timestamp is `timestamptz`; every state column is a pg enum; every foreign key
 * has an index (PostgreSQL does not create one, and tenant-scoped reads and cascades need it);
 * uniqueness rules the domain relies on are enforced here, not only in code, so a race loses in the
 * database instead of corrupting data.
 */
import { sql } from "drizzle-orm";
import { REVOCATION_REASON_CODES } from "../../packages/sdk/src/revocation-list";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true });

export const memberRole = pgEnum("member_role", ["owner", "member"]);
export const staffRole = pgEnum("staff_role", ["support", "admin"]);
/** `revoking`: revoked but still reversible until `revokes_at` (clients see it as suspended). */
export const licenseStatus = pgEnum("license_status", ["active", "suspended", "revoking", "expired", "revoked"]);
export const licenseKeyState = pgEnum("license_key_state", ["pending", "active", "retiring", "retired", "revoked"]);
export const rotationState = pgEnum("rotation_state", [
  "planned",
  "notified",
  "issued",
  "overlapping",
  "completed",
  "cancelled",
  "rolled_back",
  "failed",
]);
export const rotationKind = pgEnum("rotation_kind", ["scheduled", "customer", "emergency", "reissue"]);
export const deviceStatus = pgEnum("device_status", ["active", "inactive", "deactivated"]);
export const deviceActivationMethod = pgEnum("device_activation_method", ["online", "offline"]);
export const deviceAnomalyKind = pgEnum("device_anomaly_kind", ["many_fingerprints", "many_networks"]);
export const channelKind = pgEnum("channel_kind", ["email", "webhook"]);
export const outboxStatus = pgEnum("outbox_status", ["pending", "sending", "sent", "failed", "dead"]);
export const signingKeyState = pgEnum("signing_key_state", ["pending", "active", "retiring", "retired", "revoked"]);
export const signingAlgorithm = pgEnum("signing_algorithm", ["EdDSA", "ES256", "RS256"]);
export const approvalStatus = pgEnum("approval_status", ["pending", "approved", "rejected", "expired", "executed"]);
export const bulkRotationState = pgEnum("bulk_rotation_state", [
  "awaiting_approval",
  "running",
  "paused",
  "halted",
  "completed",
  "cancelled",
  "rejected",
]);
export const actorType = pgEnum("actor_type", ["user", "staff", "system", "api"]);
export const activationPinMode = pgEnum("activation_pin_mode", ["every_new_device", "unusual_only"]);
export const statusIncidentState = pgEnum("status_incident_state", [
  "investigating",
  "identified",
  "monitoring",
  "resolved",
]);
export const statusIncidentImpact = pgEnum("status_incident_impact", ["minor", "major", "critical"]);
export const revocationKind = pgEnum("revocation_kind", ["license", "license_key", "signing_key", "device"]);
export const revocationReasonCode = pgEnum("revocation_reason_code", REVOCATION_REASON_CODES);
export const clientJwksStatus = pgEnum("client_jwks_status", [
  "unreported",
  "current",
  "stale_kid",
  "deprecated_algorithm",
]);
export const rotationFeedbackAnswer = pgEnum("rotation_feedback_answer", ["smooth", "not_smooth", "dismissed"]);

// ─── Auth.js (shape required by @auth/drizzle-adapter) ────────────────────────────────────────────

export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: tstz("email_verified"),
  image: text("image"),
  staffRole: staffRole("staff_role"),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_id_idx").on(t.userId)],
);

export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: tstz("expires").notNull(),
    createdAt: createdAt(),
    /** When this session passed the second factor (TOTP or a recovery code); null until then. */
    secondFactorVerifiedAt: tstz("second_factor_verified_at"),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

/**
 * A user's authenticator-app (TOTP, RFC 6238) secret, sealed with the master key ring. A row with
 * no `confirmed_at` is an enrolment in progress; it counts only once a code from the app proved it.
 */
export const userTotpSecrets = pgTable("user_totp_secrets", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretCiphertext: text("secret_ciphertext").notNull(),
  masterKeyVersion: integer("master_key_version").notNull(),
  /** Highest time step already accepted: a code is single-use even inside its 30 s window. */
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  confirmedAt: tstz("confirmed_at"),
  createdAt: createdAt(),
});

/** One-time recovery codes, stored as keyed digests only; each is spent by setting `used_at`. */
export const userRecoveryCodes = pgTable(
  "user_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    digest: text("digest").notNull().unique(),
    usedAt: tstz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("user_recovery_codes_user_id_idx").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: tstz("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ─── Tenancy ──────────────────────────────────────────────────────────────────────────────────────

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /** Owners can demand a verified second factor before anyone reveals or downloads a key. */
  requireSecondFactorForKeys: boolean("require_second_factor_for_keys").notNull().default(false),
  /** Owners can let members take key actions that stop a working key (replace a leaked key, roll back). */
  membersMayManageKeys: boolean("members_may_manage_keys").notNull().default(false),
  /** The Stripe customer (`cus_…`) this organisation buys as, so later Stripe events find it (lib/billing). */
  stripeCustomerId: text("stripe_customer_id").unique(),
  createdAt: createdAt(),
});

/**
 * An invitation link: its token is shown once (in the email) and stored only as a SHA-256 digest, so
 * the landing page can name the organisation and inviter to whoever holds the link, and nobody else.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    tokenDigest: text("token_digest").notNull().unique(),
    expiresAt: tstz("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_org_id_idx").on(t.orgId), index("invitations_invited_by_idx").on(t.invitedBy)],
);

export const orgMembers = pgTable(
  "org_members",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull().default("member"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("org_members_user_id_idx").on(t.userId)],
);

// ─── Catalogue ────────────────────────────────────────────────────────────────────────────────────

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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("editions_product_code_uq").on(t.productId, t.code),
    check("editions_default_seats_ck", sql`${t.defaultSeats} > 0`),
    check("editions_default_term_ck", sql`${t.defaultTermDays} is null or ${t.defaultTermDays} > 0`),
    check("editions_default_grace_ck", sql`${t.defaultOfflineGraceDays} >= 0`),
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

// ─── Licenses and keys ────────────────────────────────────────────────────────────────────────────

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

export const rotations = pgTable(
  "rotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    kind: rotationKind("kind").notNull(),
    state: rotationState("state").notNull().default("planned"),
    policyId: uuid("policy_id").references(() => rotationPolicies.id),
    scheduledFor: tstz("scheduled_for").notNull(),
    overlapMinutes: integer("overlap_minutes").notNull(),
    oldKeyId: uuid("old_key_id").references(() => licenseKeys.id),
    newKeyId: uuid("new_key_id").references(() => licenseKeys.id),
    notifiedAt: tstz("notified_at"),
    issuedAt: tstz("issued_at"),
    overlapEndsAt: tstz("overlap_ends_at"),
    completedAt: tstz("completed_at"),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason"),
    lastError: text("last_error"),
    attempts: integer("attempts").notNull().default(0),
    /** Set when a bulk rotation planned this change, with the wave (0-based) it belongs to. */
    bulkRunId: uuid("bulk_run_id").references((): AnyPgColumn => bulkRotations.id, { onDelete: "set null" }),
    bulkWave: integer("bulk_wave"),
    /**
     * When the worker must look at this open rotation again: its next step or its next notice,
     * whichever comes first, so a pass reads only what is due. A new row (default 'epoch') and every
     * transition into an open state are due at once: the next pass works out the real time.
     */
    nextStepAt: tstz("next_step_at").default(sql`'epoch'`),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("rotations_license_id_idx").on(t.licenseId),
    index("rotations_next_step_idx")
      .on(t.nextStepAt, t.id)
      .where(sql`${t.state} in ('planned', 'notified', 'issued', 'overlapping')`),
    // Optional references are indexed only where set: a fleet's scheduled rotations (no bulk run, no
    // requester, keys not issued yet) then write four index entries fewer each.
    index("rotations_bulk_run_idx").on(t.bulkRunId, t.bulkWave, t.state).where(sql`${t.bulkRunId} is not null`),
    index("rotations_policy_id_idx").on(t.policyId).where(sql`${t.policyId} is not null`),
    index("rotations_old_key_id_idx").on(t.oldKeyId).where(sql`${t.oldKeyId} is not null`),
    index("rotations_new_key_id_idx").on(t.newKeyId).where(sql`${t.newKeyId} is not null`),
    index("rotations_requested_by_idx").on(t.requestedBy).where(sql`${t.requestedBy} is not null`),
    index("rotations_due_idx").on(t.state, t.scheduledFor),
    // One open rotation per license: two planned changes of the same key would race each other.
    uniqueIndex("rotations_one_open_uq")
      .on(t.licenseId)
      .where(sql`${t.state} in ('planned', 'notified', 'issued', 'overlapping')`),
    check("rotations_overlap_ck", sql`${t.overlapMinutes} >= 0`),
  ],
);

export const notificationChannels = pgTable(
  "notification_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: channelKind("kind").notNull(),
    /** Email address or webhook URL. */
    target: text("target").notNull(),
    label: text("label").notNull().default(""),
    /** Webhook signing secret (Standard Webhooks `whsec_…`), AES-256-GCM encrypted. */
    secretCiphertext: text("secret_ciphertext"),
    verificationDigest: text("verification_digest"),
    verifiedAt: tstz("verified_at"),
    disabledAt: tstz("disabled_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("notification_channels_target_uq").on(t.orgId, t.kind, t.target)],
);

/**
 * Per-license rotation preferences; the row with no license is the organisation default that new
 * licenses inherit. Bounds come from the license's rotation policy.
 */
export const rotationPreferences = pgTable(
  "rotation_preferences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    licenseId: uuid("license_id").references(() => licenses.id, { onDelete: "cascade" }),
    /** Days between rotations; null means manual (rotate only when asked). */
    cadenceDays: integer("cadence_days"),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    windowWeekdays: integer("window_weekdays").array().notNull(),
    /** Minutes after local midnight at which the window opens. */
    windowStartMinute: integer("window_start_minute").notNull(),
    windowDurationMinutes: integer("window_duration_minutes").notNull(),
    timeZone: text("time_zone").notNull(),
    noticeLeadDays: integer("notice_lead_days").array().notNull(),
    overlapMinutes: integer("overlap_minutes").notNull(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("rotation_preferences_org_id_idx").on(t.orgId),
    uniqueIndex("rotation_preferences_license_uq").on(t.licenseId),
    uniqueIndex("rotation_preferences_org_default_uq").on(t.orgId).where(sql`${t.licenseId} is null`),
    check(
      "rotation_preferences_window_ck",
      sql`${t.windowStartMinute} between 0 and 1439 and ${t.windowDurationMinutes} between 15 and 1440`,
    ),
    check("rotation_preferences_overlap_ck", sql`${t.overlapMinutes} >= 0`),
    check("rotation_preferences_cadence_ck", sql`${t.cadenceDays} is null or ${t.cadenceDays} > 0`),
  ],
);

export const rotationPreferenceChannels = pgTable(
  "rotation_preference_channels",
  {
    preferenceId: uuid("preference_id")
      .notNull()
      .references(() => rotationPreferences.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.preferenceId, t.channelId] }),
    index("rotation_preference_channels_channel_id_idx").on(t.channelId),
  ],
);

/**
 * Every outgoing email and webhook. Delivery is at-least-once: the worker claims rows, and the
 * dedupe key makes enqueueing the same notice twice a no-op.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").references(() => notificationChannels.id, { onDelete: "set null" }),
    /** A vendor webhook (the operator's own systems) instead of a customer channel; deleting the endpoint drops its queue. */
    vendorEndpointId: uuid("vendor_endpoint_id").references((): AnyPgColumn => vendorWebhookEndpoints.id, {
      onDelete: "cascade",
    }),
    kind: channelKind("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** Email: `{ to, subject, text, html }`; webhook: `{ url, type, payload }`. */
    payload: jsonb("payload").notNull(),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: tstz("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_org_id_idx").on(t.orgId),
    index("outbox_channel_id_idx").on(t.channelId),
    index("outbox_vendor_endpoint_id_idx").on(t.vendorEndpointId, t.createdAt),
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const devices = pgTable(
  "devices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    /**
     * Keyed hash (HMAC) of the client fingerprint; the raw value is never stored. Offline devices
     * never send it raw, so theirs is the keyed hash of the SDK's fingerprint hash instead.
     */
    fingerprintDigest: text("fingerprint_digest").notNull(),
    name: text("name").notNull(),
    platform: text("platform").notNull().default("unknown"),
    status: deviceStatus("status").notNull().default("active"),
    /** Offline (air-gapped) devices cannot heartbeat, so they never turn inactive on their own. */
    activationMethod: deviceActivationMethod("activation_method").notNull().default("online"),
    activatedAt: tstz("activated_at").notNull().defaultNow(),
    deactivatedAt: tstz("deactivated_at"),
    inactiveAt: tstz("inactive_at"),
    lastSeenAt: tstz("last_seen_at"),
    /** Keyed hash of the network (/24 or /48) the device last called from: anomaly checks only. */
    lastNetworkDigest: text("last_network_digest"),
    createdAt: createdAt(),
  },
  (t) => [
    index("devices_license_id_idx").on(t.licenseId),
    uniqueIndex("devices_license_fingerprint_uq").on(t.licenseId, t.fingerprintDigest),
    index("devices_heartbeat_due_idx").on(t.status, t.lastSeenAt),
  ],
);

/**
 * Recent activation attempts, granted or refused, kept for a day: what anomaly detection counts
 * (distinct fingerprints and networks per license in a short window). Digests only.
 */
export const deviceActivationAttempts = pgTable(
  "device_activation_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    fingerprintDigest: text("fingerprint_digest").notNull(),
    networkDigest: text("network_digest"),
    isGranted: boolean("is_granted").notNull(),
    attemptedAt: tstz("attempted_at").notNull(),
  },
  (t) => [index("device_activation_attempts_license_idx").on(t.licenseId, t.attemptedAt)],
);

/**
 * A license activated from unusually many fingerprints or networks in a short time. Raised for
 * staff to look at (and optionally the customer), never a block. One open flag per license and
 * kind: later attempts update it instead of piling up.
 */
export const deviceAnomalyFlags = pgTable(
  "device_anomaly_flags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    kind: deviceAnomalyKind("kind").notNull(),
    /** Distinct fingerprints or networks seen within the window when last evaluated. */
    observed: integer("observed").notNull(),
    threshold: integer("threshold").notNull(),
    windowMinutes: integer("window_minutes").notNull(),
    raisedAt: tstz("raised_at").notNull(),
    lastObservedAt: tstz("last_observed_at").notNull(),
    resolvedAt: tstz("resolved_at"),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolution: text("resolution"),
  },
  (t) => [
    index("device_anomaly_flags_license_id_idx").on(t.licenseId),
    index("device_anomaly_flags_resolved_by_idx").on(t.resolvedBy),
    uniqueIndex("device_anomaly_flags_one_open_uq").on(t.licenseId, t.kind).where(sql`${t.resolvedAt} is null`),
  ],
);

// ─── Signing ──────────────────────────────────────────────────────────────────────────────────────

export const signingKeys = pgTable(
  "signing_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kid: text("kid").notNull().unique(),
    algorithm: signingAlgorithm("algorithm").notNull().default("EdDSA"),
    /** `global`, `product:<id>` or `product:<id>/edition:<id>`: editions can be isolated. */
    scope: text("scope").notNull(),
    productId: uuid("product_id").references(() => products.id, { onDelete: "cascade" }),
    editionId: uuid("edition_id").references(() => editions.id, { onDelete: "cascade" }),
    state: signingKeyState("state").notNull().default("pending"),
    publicJwk: jsonb("public_jwk").notNull(),
    privateCiphertext: text("private_ciphertext").notNull(),
    masterKeyVersion: integer("master_key_version").notNull(),
    activatedAt: tstz("activated_at"),
    retiringAt: tstz("retiring_at"),
    retiredAt: tstz("retired_at"),
    revokedAt: tstz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("signing_keys_product_id_idx").on(t.productId),
    index("signing_keys_edition_id_idx").on(t.editionId),
    index("signing_keys_scope_state_idx").on(t.scope, t.state),
    uniqueIndex("signing_keys_one_active_uq").on(t.scope).where(sql`${t.state} = 'active'`),
  ],
);

// ─── Audit, revocations, approvals ────────────────────────────────────────────────────────────────

/**
 * Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and chained twice: the public
 * `hash = sha256(prevHash || canonical(event))`, and the keyed `mac = HMAC(K_audit, prev mac || hash)`
 * that only the holder of the master key can recompute (lib/audit/audit-keys.ts). `mac` is null only
 * on events written before the chain was keyed.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: tstz("occurred_at").notNull(),
    actorType: actorType("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    // No action on delete: the org id is part of the hashed content, so it can never be nulled.
    orgId: uuid("org_id").references(() => organizations.id),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    reason: text("reason"),
    data: jsonb("data").notNull().default({}),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull().unique(),
    mac: text("mac"),
    /** The master key version the MAC's key was derived from, so old events verify after a rotation. */
    macKeyVersion: integer("mac_key_version"),
  },
  (t) => [
    index("audit_events_org_id_idx").on(t.orgId, t.id),
    index("audit_events_subject_idx").on(t.subjectType, t.subjectId),
  ],
);

/**
 * Signed heads of the audit chain (append-only like the events). `orgId` null: the whole chain
 * through `throughEventId`, `head` that event's public hash. Otherwise one organisation's chain of
 * its own events (lib/audit/org-chain.ts), which its customers can verify offline from an export.
 */
export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").references(() => organizations.id),
    throughEventId: bigint("through_event_id", { mode: "number" }).notNull(),
    eventCount: integer("event_count").notNull(),
    head: text("head").notNull(),
    /** Compact JWS of the checkpoint, signed by the signing service (verifiable with the JWKS). */
    token: text("token").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_checkpoints_org_id_idx").on(t.orgId, t.throughEventId)],
);

/** Append-only feed for offline clients; `seq` is monotonic so `?since=N` is incremental. */
export const revocations = pgTable(
  "revocations",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: revocationKind("kind").notNull(),
    subjectId: text("subject_id").notNull(),
    licenseId: uuid("license_id").references(() => licenses.id, { onDelete: "set null" }),
    /**
     * The feed is public, so it holds a code only (DESIGN.md §4); what people wrote when they
     * revoked stays in the audit trail, where the organisation and staff can read it.
     */
    reasonCode: revocationReasonCode("reason_code").notNull().default("unspecified"),
    revokedAt: tstz("revoked_at").notNull(),
    /**
     * When a push stream that was already open first delivered this entry: the revocation
     * propagation time is this minus `revoked_at` (health dashboard, `/metrics`).
     */
    firstStreamedAt: tstz("first_streamed_at"),
  },
  (t) => [index("revocations_license_id_idx").on(t.licenseId)],
);

/** Four-eyes approvals for sensitive staff actions; the requester can never approve. */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    payload: jsonb("payload").notNull().default({}),
    reason: text("reason").notNull(),
    status: approvalStatus("status").notNull().default("pending"),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    decidedBy: text("decided_by").references(() => users.id),
    requestedAt: tstz("requested_at").notNull(),
    decidedAt: tstz("decided_at"),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [
    index("approvals_requested_by_idx").on(t.requestedBy),
    index("approvals_decided_by_idx").on(t.decidedBy),
    index("approvals_status_idx").on(t.status, t.expiresAt),
    check("approvals_four_eyes_ck", sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.requestedBy}`),
  ],
);

/**
 * A staff-initiated reissue of many licenses, rolled out in waves (cumulative percentages of the
 * selected licenses). The worker plans each wave's rotations in chunks, steps them like any other
 * rotation, and halts the run when validations of the rotated licenses start failing.
 */
export const bulkRotations = pgTable(
  "bulk_rotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    state: bulkRotationState("state").notNull().default("awaiting_approval"),
    /** Which licenses: `{ productId, editionId?, orgId?, status, expiringWithinDays? }`. */
    filter: jsonb("filter").notNull(),
    /** Cumulative share of the selection per wave, ascending, the last one 100 (e.g. 1, 10, 100). */
    wavePercents: integer("wave_percents").array().notNull(),
    overlapMinutes: integer("overlap_minutes").notNull(),
    /** The next wave starts this long after the current one is fully issued and healthy. */
    soakMinutes: integer("soak_minutes").notNull(),
    /** Halt when at least `haltMinFailures` validations failed and they are this share of all. */
    haltFailurePercent: integer("halt_failure_percent").notNull(),
    haltMinFailures: integer("halt_min_failures").notNull(),
    /** How many licenses matched when the run started: the base of the wave percentages. */
    selectedCount: integer("selected_count"),
    currentWave: integer("current_wave"),
    /** Failures before this instant are not held against the run (set on resume after a halt). */
    failuresCountedFrom: tstz("failures_counted_from"),
    haltReason: text("halt_reason"),
    reason: text("reason").notNull(),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("bulk_rotations_requested_by_idx").on(t.requestedBy),
    index("bulk_rotations_state_idx").on(t.state),
    check("bulk_rotations_overlap_ck", sql`${t.overlapMinutes} >= 0`),
    check("bulk_rotations_halt_ck", sql`${t.haltFailurePercent} between 1 and 100 and ${t.haltMinFailures} >= 1`),
  ],
);

/** One wave of a bulk rotation: how many licenses it should reach and when it moved on. */
export const bulkRotationWaves = pgTable(
  "bulk_rotation_waves",
  {
    bulkRunId: uuid("bulk_run_id")
      .notNull()
      .references(() => bulkRotations.id, { onDelete: "cascade" }),
    wave: integer("wave").notNull(),
    percent: integer("percent").notNull(),
    /** Licenses this wave plans (its cumulative share minus the earlier waves'); set when it starts. */
    target: integer("target"),
    startedAt: tstz("started_at"),
    /** When every rotation of the wave had its new key issued (soak starts here). */
    issuedAt: tstz("issued_at"),
  },
  (t) => [
    primaryKey({ columns: [t.bulkRunId, t.wave] }),
    check("bulk_rotation_waves_percent_ck", sql`${t.percent} between 1 and 100`),
  ],
);

// ─── Public status page ───────────────────────────────────────────────────────────────────────────

/** An incident shown on the public status page; staff post updates until it is resolved. */
export const statusIncidents = pgTable(
  "status_incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    impact: statusIncidentImpact("impact").notNull(),
    state: statusIncidentState("state").notNull().default("investigating"),
    /** Component keys affected (see `lib/status/components.ts`). */
    components: text("components").array().notNull(),
    startedAt: tstz("started_at").notNull(),
    resolvedAt: tstz("resolved_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: tstz("updated_at").notNull(),
  },
  (t) => [
    index("status_incidents_started_idx").on(t.startedAt),
    index("status_incidents_created_by_idx").on(t.createdBy),
  ],
);

export const statusIncidentUpdates = pgTable(
  "status_incident_updates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => statusIncidents.id, { onDelete: "cascade" }),
    state: statusIncidentState("state").notNull(),
    message: text("message").notNull(),
    postedAt: tstz("posted_at").notNull(),
    postedBy: text("posted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("status_incident_updates_incident_idx").on(t.incidentId, t.postedAt),
    index("status_incident_updates_posted_by_idx").on(t.postedBy),
  ],
);

/**
 * Email subscribers of the status page. Double opt-in: nothing is sent until the link in the
 * verification email is followed. Unsubscribe links are keyed hashes of the id, so nothing
 * secret is stored for them.
 */
export const statusSubscribers = pgTable("status_subscribers", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  verificationDigest: text("verification_digest"),
  verificationSentAt: tstz("verification_sent_at").notNull(),
  verifiedAt: tstz("verified_at"),
  createdAt: tstz("created_at").notNull(),
});

// ─── Telemetry ────────────────────────────────────────────────────────────────────────────────────

/**
 * How validations answered, per minute, per presented key and code. Written in batches by
 * `ValidationTelemetry` (never one row per request). No foreign keys on purpose: telemetry must not
 * slow the validate path or block deleting a license. `license_key_id` is null for unknown keys.
 */
export const validationCounts = pgTable(
  "validation_counts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    bucketStart: tstz("bucket_start").notNull(),
    licenseId: uuid("license_id"),
    licenseKeyId: uuid("license_key_id"),
    code: text("code").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    unique("validation_counts_bucket_key_code_uq").on(t.bucketStart, t.licenseKeyId, t.code).nullsNotDistinct(),
    index("validation_counts_license_idx").on(t.licenseId, t.bucketStart),
    index("validation_counts_bucket_idx").on(t.bucketStart),
  ],
);

/**
 * What validating clients say about their cached JWKS (the SDK's `Rekey-Jwks-Kids` header), per
 * minute and product, classified against the signing keys when the counts are flushed. Feeds the
 * drift panel: clients that never picked up a new signing key, or only hold deprecated algorithms.
 */
export const clientJwksCounts = pgTable(
  "client_jwks_counts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    bucketStart: tstz("bucket_start").notNull(),
    productId: uuid("product_id"),
    status: clientJwksStatus("status").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    unique("client_jwks_counts_bucket_product_status_uq").on(t.bucketStart, t.productId, t.status).nullsNotDistinct(),
    index("client_jwks_counts_bucket_idx").on(t.bucketStart),
  ],
);

/** "Did this rotation go smoothly?": one answer (or dismissal) per rotation and user. */
export const rotationFeedback = pgTable(
  "rotation_feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    rotationId: uuid("rotation_id")
      .notNull()
      .references(() => rotations.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    answer: rotationFeedbackAnswer("answer").notNull(),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("rotation_feedback_rotation_user_uq").on(t.rotationId, t.userId),
    index("rotation_feedback_org_id_idx").on(t.orgId),
    index("rotation_feedback_user_id_idx").on(t.userId),
    index("rotation_feedback_created_at_idx").on(t.createdAt),
  ],
);

// ─── Infrastructure ───────────────────────────────────────────────────────────────────────────────

/** Small key/value facts about the database itself (e.g. when demo data was seeded). */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

/**
 * Rate-limit counters shared by every app process (rate-limiter-flexible's RateLimiterDrizzle:
 * one atomic upsert per consumed point). `expire` ends the current window.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: tstz("expire"),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

// ─── Management API (issue 15) ────────────────────────────────────────────────────────────────────

export const apiTokenScope = pgEnum("api_token_scope", ["read", "licenses:write", "catalogue:write", "full"]);

/**
 * Credentials for the vendor's own systems calling the management API. Only a keyed digest of the
 * value is kept (lookup by digest, like license keys); `prefix` is the visible start shown in
 * lists. Rolling makes a successor (`rolledFromId`) and keeps this one valid until
 * `overlapEndsAt`, so the caller can deploy the new value before the old one stops working.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    digest: text("digest").notNull().unique(),
    scopes: apiTokenScope("scopes").array().notNull(),
    expiresAt: tstz("expires_at"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: tstz("created_at").notNull(),
    lastUsedAt: tstz("last_used_at"),
    lastUsedFrom: text("last_used_from"),
    rolledFromId: uuid("rolled_from_id").references((): AnyPgColumn => apiTokens.id, { onDelete: "set null" }),
    overlapEndsAt: tstz("overlap_ends_at"),
    revokedAt: tstz("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("api_tokens_created_by_idx").on(t.createdBy),
    index("api_tokens_rolled_from_id_idx").on(t.rolledFromId),
    index("api_tokens_revoked_by_idx").on(t.revokedBy),
  ],
);

/**
 * Outgoing vendor webhooks (issue 15): the operator's own systems (CRM, billing) hear about
 * license, rotation and device events through the outbox, signed per Standard Webhooks. Secrets are
 * sealed like customer webhook secrets; after a roll the previous secret also signs until
 * `previousSecretExpiresAt`, so the receiver can switch without dropping a delivery.
 */
export const vendorWebhookEndpoints = pgTable(
  "vendor_webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Subscribed event types (lib/validations/vendor-webhooks.ts VENDOR_EVENT_TYPES). */
    eventTypes: text("event_types").array().notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    previousSecretCiphertext: text("previous_secret_ciphertext"),
    previousSecretExpiresAt: tstz("previous_secret_expires_at"),
    disabledAt: tstz("disabled_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("vendor_webhook_endpoints_url_uq").on(t.url),
    index("vendor_webhook_endpoints_created_by_idx").on(t.createdBy),
  ],
);

export const idempotencyState = pgEnum("idempotency_state", ["in_flight", "completed"]);

/**
 * Idempotency-Key claims (draft-ietf-httpapi-idempotency-key-header): one row per caller and key,
 * claimed by an INSERT that only one process can win, then completed with the response to replay.
 * `callerScope` keeps one caller's keys from colliding with (or answering for) another's.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    callerScope: text("caller_scope").notNull(),
    key: text("key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    state: idempotencyState("state").notNull().default("in_flight"),
    responseStatus: integer("response_status"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    responseBody: text("response_body"),
    createdAt: tstz("created_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    /** While in flight: the claim's lease. Past it, the claimant is presumed dead and a retry may take the key over. */
    lockedUntil: tstz("locked_until"),
  },
  (t) => [primaryKey({ columns: [t.callerScope, t.key] }), index("idempotency_keys_expires_at_idx").on(t.expiresAt)],
);

// ─── Stripe purchases (issue 15) ──────────────────────────────────────────────────────────────────

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
