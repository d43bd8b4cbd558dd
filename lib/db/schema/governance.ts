/** The schema's Governance tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./auth";

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
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("four_eyes_policies_created_by_idx").on(t.createdBy),
    check("four_eyes_policies_extend_ck", sql`${t.extendBeyondDays} is null or ${t.extendBeyondDays} > 0`),
  ],
);
