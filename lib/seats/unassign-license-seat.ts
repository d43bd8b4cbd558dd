import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenseSeatAssignments, users } from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import { lockLicense } from "@/lib/licensing/lock-license";

/** An owner takes a named-user seat back; the person's next validation answers SEAT_NOT_ASSIGNED. */
export async function unassignLicenseSeat(ctx: OrgCtx, { licenseId, userId }: { licenseId: string; userId: string }) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can unassign seats.");
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, licenseId, ctx.orgId);
    const [removed] = await tx
      .delete(licenseSeatAssignments)
      .where(and(eq(licenseSeatAssignments.licenseId, license.id), eq(licenseSeatAssignments.userId, userId)))
      .returning({ userId: licenseSeatAssignments.userId });
    if (!removed) throw new NotFound("That person holds no seat of this license.");
    const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "license_seat.unassigned",
      subjectType: "license",
      subjectId: license.id,
      data: { userId, email: person?.email ?? null },
    });
    return { email: person?.email ?? null };
  });
}
