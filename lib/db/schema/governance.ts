/** The schema's Governance tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./auth";
import { organizations } from "./tenancy";

/**
 * Which staff actions wait for a second staff member (issue 22, "four eyes where it matters").
 * Versioned like rotation policies: an edit inserts the next version, the newest one rules, and
 * the history says who required what since when. No row: the built-in default (only signing-key
 * revocation and bulk reissue, which always need approval).
 */
export const fourEyesPolicies = pgTable(
  "four_eyes_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").notNull().unique(),
    /** A staff revocation of a license waits for a second person. */
    licenseRevoke: boolean("license_revoke").notNull(),
    /** Extending a license's expiry by more than this many days waits; null: never. */
    extendBeyondDays: integer("extend_beyond_days"),
    /** One staff action suspending more than this many licenses waits; null: never. */
    suspendBeyondCount: integer("suspend_beyond_count"),
    /** Generating, activating and retiring signing keys and holding or releasing their rotation wait. */
    signingKeyActions: boolean("signing_key_actions").notNull().default(false),
    /** Creating a management API token waits; its value is minted only when the requester collects it. */
    apiTokenCreate: boolean("api_token_create").notNull().default(false),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("four_eyes_policies_created_by_idx").on(t.createdBy),
    check("four_eyes_policies_extend_ck", sql`${t.extendBeyondDays} is null or ${t.extendBeyondDays} > 0`),
    check("four_eyes_policies_suspend_ck", sql`${t.suspendBeyondCount} is null or ${t.suspendBeyondCount} > 0`),
  ],
);

export const offboardingStatus = pgEnum("offboarding_status", ["scheduled", "cancelled", "completed"]);
/** What happens to the customer's licenses at the end date: revoked (keys in the feed) or expired. */
export const offboardingLicenseEnding = pgEnum("offboarding_license_ending", ["revoke", "expire"]);

/**
 * Ending a customer (issue 22, "offboarding"): staff choose the date, the worker carries it out then
 * (licenses, sessions, tokens) and until then it can be cancelled. One scheduled offboarding per
 * organization at a time.
 */
export const offboardings = pgTable(
  "offboardings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    status: offboardingStatus("status").notNull().default("scheduled"),
    endsAt: tstz("ends_at").notNull(),
    licenseEnding: offboardingLicenseEnding("license_ending").notNull(),
    reason: text("reason").notNull(),
    customerMessage: text("customer_message"),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: tstz("requested_at").notNull(),
    /** Who cancelled it (null when the worker completed it), and when it was cancelled or completed. */
    closedBy: text("closed_by").references(() => users.id),
    closedAt: tstz("closed_at"),
  },
  (t) => [
    index("offboardings_org_id_idx").on(t.orgId),
    index("offboardings_requested_by_idx").on(t.requestedBy),
    index("offboardings_closed_by_idx").on(t.closedBy),
    uniqueIndex("offboardings_one_scheduled_uq").on(t.orgId).where(sql`${t.status} = 'scheduled'`),
    index("offboardings_due_idx").on(t.endsAt).where(sql`${t.status} = 'scheduled'`),
  ],
);
