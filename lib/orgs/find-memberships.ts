import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { organizations, orgMembers } from "@/lib/db/schema";

export interface Membership {
  orgId: string;
  orgName: string;
  role: "owner" | "member";
}

/** The organisations a user belongs to, oldest membership first (the default one to open). */
export async function findMemberships(db: Db, userId: string): Promise<Membership[]> {
  return db
    .select({ orgId: orgMembers.orgId, orgName: organizations.name, role: orgMembers.role })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(eq(orgMembers.userId, userId))
    .orderBy(asc(orgMembers.createdAt), asc(organizations.name));
}
