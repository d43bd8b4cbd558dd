/** Sign-in by license key (issue 20; lib/db/schema/index.ts gathers every file; conventions there). */
import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, tstz } from "./columns";
import { licenses } from "./licensing";

/**
 * One emailed code for signing in to one license's view: only its keyed digest is kept, it works
 * until `expires_at`, for a limited number of wrong tries (`attempts`), and once (`consumed_at`).
 * The rules are lib/key-sign-in/sign-in-code-policy.ts.
 */
export const licenseKeySignInCodes = pgTable(
  "license_key_sign_in_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeDigest: text("code_digest").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    consumedAt: tstz("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("license_key_sign_in_codes_user_idx").on(t.userId, t.createdAt),
    index("license_key_sign_in_codes_license_id_idx").on(t.licenseId),
  ],
);
