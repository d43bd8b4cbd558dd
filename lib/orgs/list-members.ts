import { asc, eq, max } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { orgMembers, sessions, users, userTotpSecrets } from "@/lib/db/schema";

export async function listMembers(ctx: Pick<OrgCtx, "db" | "orgId">) {
  return ctx.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: orgMembers.role,
      joinedAt: orgMembers.createdAt,
      hasSignedIn: users.emailVerified,
      lastSignInAt: max(sessions.createdAt),
      /** An authenticator app set up (or its enrolment started, when `confirmedAt` is still null). */
      authenticatorAddedAt: userTotpSecrets.createdAt,
      authenticatorConfirmedAt: userTotpSecrets.confirmedAt,
    })
    .from(orgMembers)
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .leftJoin(sessions, eq(sessions.userId, users.id))
    .leftJoin(userTotpSecrets, eq(userTotpSecrets.userId, users.id))
    .where(eq(orgMembers.orgId, ctx.orgId))
    .groupBy(users.id, orgMembers.role, orgMembers.createdAt, userTotpSecrets.createdAt, userTotpSecrets.confirmedAt)
    .orderBy(asc(users.email));
}
