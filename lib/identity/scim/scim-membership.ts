import { and, count, eq } from "drizzle-orm";
import { revokeMemberApiTokens } from "@/lib/api-tokens";
import { appendAuditEvent } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { orgMembers, orgSsoConnections, sessions } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { ScimCtx } from "./scim-context";

interface Person {
  userId: string;
  email: string;
}

/** The directory adds a person: a member with the role single sign-on gives newcomers (member without SSO). */
export async function grantMembership(tx: Tx, ctx: ScimCtx, person: Person) {
  const [connection] = await tx
    .select({ defaultRole: orgSsoConnections.defaultRole })
    .from(orgSsoConnections)
    .where(eq(orgSsoConnections.orgId, ctx.orgId));
  const [added] = await tx
    .insert(orgMembers)
    .values({
      orgId: ctx.orgId,
      userId: person.userId,
      role: connection?.defaultRole ?? "member",
      createdAt: ctx.now(),
    })
    .onConflictDoNothing()
    .returning({ role: orgMembers.role });
  if (added)
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "member.provisioned",
      subjectType: "user",
      subjectId: person.userId,
      data: { email: person.email, role: added.role },
    });
}

/**
 * The directory removes or deactivates a person (RFC 7644 §3.5.2, §3.6): the membership goes, every
 * session of theirs ends (a session is the person's, not the organization's, and the directory
 * just said this person is not to be trusted) and the API tokens they made for the organization are
 * revoked. The organization's last owner stays: an owner-less organization could not be managed.
 */
export async function endMembership(tx: Tx, ctx: ScimCtx, person: Person) {
  const [membership] = await tx
    .select({ role: orgMembers.role })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.userId, person.userId)))
    .for("update");
  if (membership?.role === "owner") {
    const [owners] = await tx
      .select({ n: count() })
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.role, "owner")));
    if ((owners?.n ?? 0) <= 1)
      throw new Conflict(
        `${person.email} is the organization's last owner; make someone else an owner in Rekey first.`,
      );
  }
  const now = ctx.now();
  await tx.delete(orgMembers).where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.userId, person.userId)));
  const endedSessions = await tx
    .delete(sessions)
    .where(eq(sessions.userId, person.userId))
    .returning({ token: sessions.sessionToken });
  const revokedTokens = await revokeMemberApiTokens(tx, { orgId: ctx.orgId, userId: person.userId, now });
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId: ctx.orgId,
    action: "member.deprovisioned",
    subjectType: "user",
    subjectId: person.userId,
    data: {
      email: person.email,
      sessionsEnded: endedSessions.length,
      tokensRevoked: revokedTokens.map((token) => token.prefix),
    },
  });
}
