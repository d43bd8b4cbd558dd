import { and, asc, type Column, eq, or, type SQL, sql } from "drizzle-orm";
import type { KeyedHasher } from "@/lib/crypto";
import type { Executor } from "@/lib/db";
import { licenseSeatAssignments, orgMembers, users } from "@/lib/db/schema";
import { isSeatTokenOf } from "./seat-token";

/**
 * Named-user seats (issue 18), in one place. On an edition whose seat model is `user`, a seat is a
 * person an owner assigned to the license: a member of the customer's organization, or someone
 * outside it. Validation names the user by the email the vendor's software signed them in with
 * (docs: README "Named-user seats").
 */
export const NAMED_USER_SEAT_MODEL = "user";

/**
 * The one rule for whether an assignment holds its seat, for the license's organization `orgId`:
 * a member's seat counts only while they are still a member, so removing someone from the
 * organization frees their seat without a second step; a seat given to someone outside the
 * organization counts until an owner takes it back (they have no membership to lose).
 */
export function seatIsHeldSql(orgId: Column | string): SQL {
  return or(
    eq(licenseSeatAssignments.isOutsideHolder, true),
    sql`exists (select 1 from ${orgMembers} where ${orgMembers.orgId} = ${orgId} and ${orgMembers.userId} = ${licenseSeatAssignments.userId})`,
  )!;
}

/** The people holding a seat of this license now, by email. */
export function listSeatHolders(db: Executor, license: { id: string; orgId: string }) {
  return db
    .select({
      userId: users.id,
      assignmentId: licenseSeatAssignments.id,
      email: users.email,
      name: users.name,
      assignedAt: licenseSeatAssignments.assignedAt,
    })
    .from(licenseSeatAssignments)
    .innerJoin(users, eq(users.id, licenseSeatAssignments.userId))
    .where(and(eq(licenseSeatAssignments.licenseId, license.id), seatIsHeldSql(license.orgId)))
    .orderBy(asc(users.email));
}

/**
 * What validation says about a named user: an assigned member passes; otherwise a free seat means
 * an owner only needs to assign it (SEAT_NOT_ASSIGNED), and full seats say so (TOO_MANY_USERS).
 * The user is named by their seat token (lib/seats/seat-token.ts), or, where the edition does not
 * require one, by email. A token that does not match a current grant names nobody, whatever email
 * comes with it. Read-only, like the device check.
 */
export async function checkUserSeat(
  db: Executor,
  {
    license,
    user,
    requireSeatToken,
    hasher,
  }: {
    license: { id: string; orgId: string; seats: number };
    user: { email?: string; token?: string };
    requireSeatToken: boolean;
    hasher: KeyedHasher;
  },
): Promise<"SEAT_NOT_ASSIGNED" | "TOO_MANY_USERS" | null> {
  const holders = await listSeatHolders(db, license);
  const isHolder = (holder: (typeof holders)[number]) => {
    if (user.token !== undefined)
      return (
        user.token.split(".")[1] === holder.userId &&
        isSeatTokenOf(hasher, user.token, {
          licenseId: license.id,
          userId: holder.userId,
          assignmentId: holder.assignmentId,
        })
      );
    const wanted = user.email?.trim().toLowerCase();
    return !requireSeatToken && wanted !== undefined && holder.email.toLowerCase() === wanted;
  };
  if (holders.some(isHolder)) return null;
  return holders.length < license.seats ? "SEAT_NOT_ASSIGNED" : "TOO_MANY_USERS";
}

/**
 * The person an owner names by email (case-insensitive), with whether they are a member of the
 * organization; someone Rekey has never seen gets a user row (no membership), as the magic link
 * would make at their first sign-in, so the seat has someone to belong to.
 */
export async function findSeatPersonByEmail(
  db: Executor,
  { orgId, email, now }: { orgId: string; email: string; now: Date },
) {
  const address = email.trim().toLowerCase();
  const find = async () => {
    const [person] = await db
      .select({
        userId: users.id,
        email: users.email,
        isStaff: sql<boolean>`${users.staffRole} is not null`,
        isMember: sql<boolean>`exists (select 1 from ${orgMembers} where ${orgMembers.orgId} = ${orgId} and ${orgMembers.userId} = ${users.id})`,
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${address}`);
    return person;
  };
  const known = await find();
  if (known) return known;
  await db.insert(users).values({ email: address, createdAt: now }).onConflictDoNothing({ target: users.email });
  return (await find())!;
}
