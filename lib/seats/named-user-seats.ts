import { and, asc, eq, sql } from "drizzle-orm";
import type { KeyedHasher } from "@/lib/crypto";
import type { Executor } from "@/lib/db";
import { licenseSeatAssignments, orgMembers, users } from "@/lib/db/schema";
import { isSeatTokenOf } from "./seat-token";

/**
 * Named-user seats (issue 18), in one place. On an edition whose seat model is `user`, a seat is a
 * person: a member of the customer's organization an owner assigned to the license. An assignment
 * counts only while its person is still a member, so removing someone from the organization frees
 * their seat without a second step. Validation names the user by the email the vendor's software
 * signed them in with (docs: README "Named-user seats").
 */
export const NAMED_USER_SEAT_MODEL = "user";

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
    .innerJoin(
      orgMembers,
      and(eq(orgMembers.userId, licenseSeatAssignments.userId), eq(orgMembers.orgId, license.orgId)),
    )
    .where(eq(licenseSeatAssignments.licenseId, license.id))
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

/** A member of the organization by email (case-insensitive), or undefined. */
export async function findOrgMemberByEmail(db: Executor, orgId: string, email: string) {
  const [member] = await db
    .select({ userId: users.id, email: users.email })
    .from(orgMembers)
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .where(and(eq(orgMembers.orgId, orgId), sql`lower(${users.email}) = ${email.toLowerCase()}`));
  return member;
}
