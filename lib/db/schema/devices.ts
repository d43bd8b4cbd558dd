/** The schema's Devices tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./auth";
import { deviceActivationMethod, deviceAnomalyKind, deviceStatus } from "./enums";
import { licenseKeys, licenses } from "./licensing";

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
    /**
     * The license key this device last presented (activation, heartbeat, or validation with its
     * fingerprint), and since when: during a rotation's overlap this says who is on the new key and
     * who still needs the update (issue 16, item 9). Written only when it changes.
     */
    lastKeyId: uuid("last_key_id").references(() => licenseKeys.id, { onDelete: "set null" }),
    lastKeyAt: tstz("last_key_at"),
    /** The client software's version as it last reported it (validate, activate, heartbeat), if it does. */
    clientVersion: text("client_version"),
  },
  (t) => [
    index("devices_license_id_idx").on(t.licenseId),
    uniqueIndex("devices_license_fingerprint_uq").on(t.licenseId, t.fingerprintDigest),
    index("devices_heartbeat_due_idx").on(t.status, t.lastSeenAt),
    index("devices_last_key_id_idx").on(t.lastKeyId).where(sql`${t.lastKeyId} is not null`),
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
