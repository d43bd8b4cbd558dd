/** The schema's Audit, revocations, approvals tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./auth";
import { actorType, approvalStatus, bulkRotationState, revocationKind, revocationReasonCode } from "./enums";
import { licenses } from "./licensing";
import { organizations } from "./tenancy";

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
