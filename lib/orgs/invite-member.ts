import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { organizations } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { Mailer } from "@/lib/notify";
import type { InviteMemberInput } from "@/lib/validations/members";
import { addInvitedMember, sendInvitation } from "./invitations";
import { requireOwner } from "./require-owner";

export interface InviteMemberOptions {
  mailer: Mailer;
}

/**
 * Adds a person to the organisation (creating their user on first invite) and emails them a link
 * to a page naming the organisation and the inviter; from there they sign in with a magic link
 * like anyone else. The link only introduces: it signs nobody in.
 */
export async function inviteMember(ctx: OrgCtx, input: InviteMemberInput, options: InviteMemberOptions) {
  requireOwner(ctx, "invite members");
  const now = ctx.now();
  const { userId, token, orgName } = await ctx.db.transaction(async (tx) => {
    const invited = await addInvitedMember(tx, {
      actor: ctx.actor,
      now,
      orgId: ctx.orgId,
      email: input.email,
      role: input.role,
    });
    if (!invited) throw new Conflict(`${input.email} is already a member of this organization.`);
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "member.invited",
      subjectType: "user",
      subjectId: invited.userId,
      data: { email: input.email, role: input.role },
    });
    const [org] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, ctx.orgId));
    return { ...invited, orgName: org!.name };
  });
  await sendInvitation(ctx.db, options.mailer, {
    to: input.email,
    orgId: ctx.orgId,
    orgName,
    inviterEmail: ctx.actor.email,
    role: input.role,
    token,
    now,
  });
  return { userId, email: input.email, role: input.role };
}
