/** The schema's floating-seat tables (issue 18; lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { floatingLeaseKind, floatingLeaseStatus } from "./enums";
import { licenses } from "./licensing";

/**
 * One concurrent seat of a floating license, held by one machine until `expires_at` (renewed by
 * heartbeat) or until it is released. A held lease past `expires_at` no longer counts, so a client
 * that crashed frees its seat without a worker. Borrowed leases last days and come with a signed
 * license file; returning one early releases it.
 */
export const floatingLeases = pgTable(
  "floating_leases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    /** Keyed hash (HMAC) of the client fingerprint, as for devices; the raw value is never stored. */
    fingerprintDigest: text("fingerprint_digest").notNull(),
    /** Who holds it, as the client names itself (host or user name): what the portal shows. */
    holderName: text("holder_name").notNull(),
    kind: floatingLeaseKind("kind").notNull().default("online"),
    status: floatingLeaseStatus("status").notNull().default("held"),
    checkedOutAt: tstz("checked_out_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    releasedAt: tstz("released_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("floating_leases_license_expiry_idx").on(t.licenseId, t.expiresAt),
    // One held lease per machine: checking out again renews it instead of taking a second seat.
    uniqueIndex("floating_leases_one_held_uq").on(t.licenseId, t.fingerprintDigest).where(sql`${t.status} = 'held'`),
    check("floating_leases_window_ck", sql`${t.expiresAt} > ${t.checkedOutAt}`),
  ],
);
