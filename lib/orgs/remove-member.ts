import { and, count, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { orgMembers, users } from "@/lib/db/schema";
import { NotFound, PolicyViolation } from "@/lib/errors";
import type { RemoveMemberInput } from "@/lib/validations/members";
import { requireOwner } from "./require-owner";

export async function removeMember(ctx: OrgCtx, input: RemoveMemberInput) {
  requireOwner(ctx, "remove members");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: orgMembers.role, email: users.email })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.userId, input.userId)))
      .for("update", { of: orgMembers });
    if (!member) throw new NotFound("That person is not a member of this organization.");
    if (member.role === "owner") {
      const [owners] = await tx
        .select({ n: count() })
        .from(orgMembers)
        .where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.role, "owner")));
      if ((owners?.n ?? 0) <= 1) {
        throw new PolicyViolation("An organization needs at least one owner. Make someone else an owner first.");
      }
    }
    await tx.delete(orgMembers).where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.userId, input.userId)));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "member.removed",
      subjectType: "user",
      subjectId: input.userId,
      data: { email: member.email, role: member.role },
    });
    return { userId: input.userId, email: member.email };
  });
}
