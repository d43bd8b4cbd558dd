/** The schema's seat-rule tables (issue 18; lib/db/schema/index.ts gathers every file; conventions there). */
import { boolean, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { devices } from "./devices";
import { licenses } from "./licensing";
import { createdAt, tstz } from "./columns";

/**
 * A seat moving to another device (lib/devices/transfer-policy.ts says which activations count):
 * what the edition's transfer limit counts over its rolling period. Support waiving the count
 * stamps `waived_at` on the rows instead of deleting them, so the history stays.
 */
export const deviceTransfers = pgTable(
  "device_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    transferredAt: tstz("transferred_at").notNull(),
    waivedAt: tstz("waived_at"),
  },
  (t) => [
    index("device_transfers_license_idx").on(t.licenseId, t.transferredAt),
    index("device_transfers_device_id_idx").on(t.deviceId),
  ],
);

/**
 * Named-user seats (issue 18): on an edition whose seat model is `user`, each seat is a person
 * assigned by an owner, a member of the customer's organization or someone outside it;
 * validation names the user (lib/seats).
 */
export const licenseSeatAssignments = pgTable(
  "license_seat_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    assignedBy: text("assigned_by").references(() => users.id, { onDelete: "set null" }),
    assignedAt: tstz("assigned_at").notNull(),
    /**
     * Given to someone outside the organization (issue 18): the seat is theirs until an owner
     * takes it back, where a member's seat ends with their membership (lib/seats/named-user-seats.ts).
     */
    isOutsideHolder: boolean("is_outside_holder").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("license_seat_assignments_license_user_uq").on(t.licenseId, t.userId),
    index("license_seat_assignments_user_id_idx").on(t.userId),
    index("license_seat_assignments_assigned_by_idx").on(t.assignedBy),
  ],
);

/**
 * Every named-user seat an owner gave, kept after the seat is taken back (assignments are deleted
 * then): the first `seats` grants fill empty seats, every later one gives someone a seat another
 * person held, a reassignment the edition's transfer limit counts (lib/devices/transfer-policy.ts).
 * Support waiving the count stamps `waived_at`, like device transfers.
 */
export const licenseSeatGrants = pgTable(
  "license_seat_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    grantedAt: tstz("granted_at").notNull(),
    isReassignment: boolean("is_reassignment").notNull(),
    waivedAt: tstz("waived_at"),
  },
  (t) => [
    index("license_seat_grants_license_idx").on(t.licenseId, t.grantedAt),
    index("license_seat_grants_user_id_idx").on(t.userId),
  ],
);
