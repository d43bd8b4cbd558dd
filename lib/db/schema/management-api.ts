import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./auth";
import { organizations } from "./tenancy";
import { approvals } from "./audit";

/**
 * The vendor's management scopes, then (issue 17) the customer scopes of organization tokens:
 * lib/validations/api-tokens.ts and lib/validations/customer-api-tokens.ts say which is which.
 */
export const apiTokenScope = pgEnum("api_token_scope", [
  "read",
  "licenses:write",
  "catalogue:write",
  "full",
  "licenses:read",
  "keys:read",
  "devices:write",
  "rotations:write",
]);

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
    /**
     * Set for a customer API token (issue 17): made by an owner of this organization, it reaches only
     * this organization's licenses through /api/v1/customer. Null for the vendor's management tokens.
     */
    orgId: uuid("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    /**
     * When the owner making a customer API token had proven their second factor in that session
     * (null when they had not). The key-material gate reads it at every use, so an organization that
     * starts requiring a second factor for keys also stops tokens made without one (issue 17).
     */
    secondFactorVerifiedAt: tstz("second_factor_verified_at"),
    /**
     * The four-eyes approval this token was made under (issue 22): its requester collects it once,
     * after a second admin approved, so the unique index makes a second collection fail.
     */
    approvalId: uuid("approval_id").references(() => approvals.id),
  },
  (t) => [
    index("api_tokens_created_by_idx").on(t.createdBy),
    index("api_tokens_org_id_idx").on(t.orgId),
    index("api_tokens_rolled_from_id_idx").on(t.rolledFromId),
    index("api_tokens_revoked_by_idx").on(t.revokedBy),
    uniqueIndex("api_tokens_approval_id_uq").on(t.approvalId),
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
