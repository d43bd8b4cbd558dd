import { boolean, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./auth";
import { memberRole } from "./enums";

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
