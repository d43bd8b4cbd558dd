import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { organizations, orgMembers, users } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { invitationEmail, sendEmail, type Mailer } from "@/lib/notify";
import type { InviteMemberInput } from "@/lib/validations/members";
import { requireOwner } from "./require-owner";

export interface InviteMemberOptions {
  mailer: Mailer;
  signInUrl: string;
}

/**
 * Adds a person to the organisation (creating their user on first invite) and emails them. They
 * then sign in with a magic link like anyone else; there is no separate invitation token to leak.
 */
export async function inviteMember(ctx: OrgCtx, input: InviteMemberInput, options: InviteMemberOptions) {
  requireOwner(ctx, "invite members");
  const now = ctx.now();
  const { userId, orgName } = await ctx.db.transaction(async (tx) => {
    await tx.insert(users).values({ email: input.email }).onConflictDoNothing({ target: users.email });
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    const [existing] = await tx
      .select({ role: orgMembers.role })
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.userId, user!.id)));
    if (existing) throw new Conflict(`${input.email} is already a member of this organization.`);
    await tx.insert(orgMembers).values({ orgId: ctx.orgId, userId: user!.id, role: input.role, createdAt: now });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "member.invited",
      subjectType: "user",
      subjectId: user!.id,
      data: { email: input.email, role: input.role },
    });
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, ctx.orgId));
    return { userId: user!.id, orgName: org!.name };
  });
  await sendEmail(ctx.db, options.mailer, {
    email: invitationEmail({ to: input.email, orgName, inviterEmail: ctx.actor.email, role: input.role, signInUrl: options.signInUrl }),
    dedupeKey: `invite:${ctx.orgId}:${userId}:${now.getTime()}`,
    orgId: ctx.orgId,
    now,
  });
  return { userId, email: input.email, role: input.role };
}
