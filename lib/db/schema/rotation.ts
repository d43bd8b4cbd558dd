/** The schema's Rotations, channels and the outbox tables (lib/db/schema/index.ts gathers every file; conventions there). */
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
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { bulkRotations } from "./audit";
import { users } from "./auth";
import { rotationPolicies } from "./catalogue";
import { channelKind, outboxStatus, rotationKind, rotationState } from "./enums";
import { licenseKeys, licenses } from "./licensing";
import { vendorWebhookEndpoints } from "./management-api";
import { organizations } from "./tenancy";

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
    /**
     * The customer's choice to rotate with the renewal (issue 22): the scheduled rotation falls in
     * the first window of each new term instead of by cadence (lib/rotation/contract-timing.ts).
     */
    alignWithRenewal: boolean("align_with_renewal").notNull().default(false),
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

/**
 * The channels a license's notices go to, when its owners chose them (issue 16, item 10). A license
 * with no rows follows its organisation: every verified channel, including ones added later. Keyed
 * by license rather than by rotation preference (the table this replaced), so choosing channels does
 * not give a license its own rotation window.
 */
export const licenseChannels = pgTable(
  "license_channels",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.licenseId, t.channelId] }),
    index("license_channels_channel_id_idx").on(t.channelId),
    index("license_channels_org_id_idx").on(t.orgId),
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
