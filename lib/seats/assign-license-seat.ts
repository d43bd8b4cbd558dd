import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenseSeatAssignments } from "@/lib/db/schema";
import { findLicensingModel } from "@/lib/devices/floating-seats";
import { Forbidden, InvalidInput, PolicyViolation } from "@/lib/errors";
import { isLive } from "@/lib/licensing/license-transitions";
import { lockLicense } from "@/lib/licensing/lock-license";
import { findOrgMemberByEmail, listSeatHolders, NAMED_USER_SEAT_MODEL } from "./named-user-seats";

/**
 * An owner gives a named-user seat to a member of the organization, by email. Behind the license
 * lock, so two owners assigning the last seat at once give it to one person. Assigning someone who
 * holds a seat already changes nothing.
 */
export async function assignLicenseSeat(ctx: OrgCtx, { licenseId, email }: { licenseId: string; email: string }) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can assign seats.");
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, licenseId, ctx.orgId);
    if ((await findLicensingModel(tx, license.editionId)).seatModel !== NAMED_USER_SEAT_MODEL)
      throw new PolicyViolation("This license counts seats per device or by floating lease, not per person.");
    if (!isLive(license)) throw new PolicyViolation("Seats can be assigned while the license is active.");
    const member = await findOrgMemberByEmail(tx, ctx.orgId, email);
    if (!member)
      throw new InvalidInput("That person is not a member of your organization.", {
        email: ["No member of your organization has this email. Invite them under Members first."],
      });
    const holders = await listSeatHolders(tx, license);
    if (holders.some((holder) => holder.userId === member.userId)) return { email: member.email, isNew: false };
    if (holders.length >= license.seats)
      throw new PolicyViolation(
        `All ${license.seats} seats are assigned. Unassign someone first, or ask your vendor for more seats.`,
      );
    const now = ctx.now();
    // A former member's row may remain (it stopped counting when they left): reassigning renews it.
    await tx
      .delete(licenseSeatAssignments)
      .where(and(eq(licenseSeatAssignments.licenseId, license.id), eq(licenseSeatAssignments.userId, member.userId)));
    await tx.insert(licenseSeatAssignments).values({
      licenseId: license.id,
      userId: member.userId,
      assignedBy: ctx.actor.userId,
      assignedAt: now,
    });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "license_seat.assigned",
      subjectType: "license",
      subjectId: license.id,
      data: { userId: member.userId, email: member.email },
    });
    return { email: member.email, isNew: true };
  });
}
