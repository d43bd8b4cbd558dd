import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, tstz } from "./columns";
import { organizations } from "./tenancy";

/**
 * An email domain an organization claims for single sign-on (issue 20). It counts once a DNS TXT
 * record carrying `verificationToken` was seen; a domain is verified by at most one organization.
 */
export const orgDomains = pgTable(
  "org_domains",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Lower-case, no trailing dot. */
    domain: text("domain").notNull(),
    verificationToken: text("verification_token").notNull(),
    verifiedAt: tstz("verified_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("org_domains_org_id_idx").on(t.orgId),
    uniqueIndex("org_domains_org_id_domain_unique").on(t.orgId, t.domain),
    uniqueIndex("org_domains_verified_domain_unique").on(t.domain).where(sql`${t.verifiedAt} is not null`),
  ],
);
