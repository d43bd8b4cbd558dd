import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { users } from "./auth";
import { statusIncidentImpact, statusIncidentState } from "./enums";

/** An incident shown on the public status page; staff post updates until it is resolved. */
export const statusIncidents = pgTable(
  "status_incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    impact: statusIncidentImpact("impact").notNull(),
    state: statusIncidentState("state").notNull().default("investigating"),
    /** Component keys affected (see `lib/status/components.ts`). */
    components: text("components").array().notNull(),
    startedAt: tstz("started_at").notNull(),
    resolvedAt: tstz("resolved_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: tstz("updated_at").notNull(),
  },
  (t) => [
    index("status_incidents_started_idx").on(t.startedAt),
    index("status_incidents_created_by_idx").on(t.createdBy),
  ],
);

export const statusIncidentUpdates = pgTable(
  "status_incident_updates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => statusIncidents.id, { onDelete: "cascade" }),
    state: statusIncidentState("state").notNull(),
    message: text("message").notNull(),
    postedAt: tstz("posted_at").notNull(),
    postedBy: text("posted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("status_incident_updates_incident_idx").on(t.incidentId, t.postedAt),
    index("status_incident_updates_posted_by_idx").on(t.postedBy),
  ],
);

/**
 * Email subscribers of the status page. Double opt-in: nothing is sent until the link in the
 * verification email is followed. Unsubscribe links are keyed hashes of the id, so nothing
 * secret is stored for them.
 */
export const statusSubscribers = pgTable("status_subscribers", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  verificationDigest: text("verification_digest"),
  verificationSentAt: tstz("verification_sent_at").notNull(),
  verifiedAt: tstz("verified_at"),
  createdAt: tstz("created_at").notNull(),
});
