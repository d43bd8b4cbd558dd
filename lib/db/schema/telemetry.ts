import { bigint, index, integer, pgTable, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./auth";
import { clientJwksStatus, rotationFeedbackAnswer } from "./enums";
import { rotations } from "./rotation";
import { organizations } from "./tenancy";

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
