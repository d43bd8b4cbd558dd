import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { organizations, orgMembers, userPasskeys, userTotpSecrets, users } from "@/lib/db/schema";
import { Conflict, NotFound } from "@/lib/errors";
import { enqueueEmail, secondFactorResetEmail } from "@/lib/notify";
import type { ResetMemberSecondFactorInput } from "@/lib/validations/mfa";
import { removeSecondFactor } from "./remove-second-factor";

/**
 * Support resets a customer's second factor when they lost both the phone and the recovery codes:
 * the app, codes and passkeys are removed and no session stays verified, so they enrol afresh after their
 * next sign-in. Only for a member of the named organization, and never one's own (that goes
 * through one's own security page, with a code). The person is emailed in the same transaction,
 * so a reset they never asked for (a social-engineered support call) does not go unnoticed.
 */
export async function resetMemberSecondFactor(
  ctx: StaffCtx,
  { orgId, userId, reason, reasonCategory }: ResetMemberSecondFactorInput,
): Promise<{ email: string }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [member] = await tx
      .select({ email: users.email, orgName: organizations.name, enrolmentStartedAt: userTotpSecrets.createdAt })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
      .leftJoin(userTotpSecrets, eq(userTotpSecrets.userId, orgMembers.userId))
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
    if (!member) throw new NotFound("Member not found.");
    if (userId === ctx.actor.userId)
      throw new Conflict("Reset your own authenticator app from your security page, with a code.");
    const [passkey] = await tx
      .select({ id: userPasskeys.id })
      .from(userPasskeys)
      .where(eq(userPasskeys.userId, userId))
      .limit(1);
    if (!member.enrolmentStartedAt && !passkey)
      throw new Conflict(`${member.email} has no authenticator app or passkey to reset.`);
    await removeSecondFactor(tx, userId);
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId,
      action: "second_factor.reset",
      subjectType: "user",
      subjectId: userId,
      reason,
      data: { reasonCategory },
    });
    await enqueueEmail(tx, {
      email: secondFactorResetEmail({
        to: member.email,
        orgName: member.orgName,
        resetAt: now.toISOString(),
        securityUrl: "/settings/security",
      }),
      dedupeKey: `second-factor-reset:${userId}:${now.toISOString()}`,
      orgId,
      now,
    });
    return { email: member.email };
  });
}
