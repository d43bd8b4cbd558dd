import { and, count, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenseSeatAssignments, licenseSeatGrants } from "@/lib/db/schema";
import { findLicensingModel } from "@/lib/devices/floating-seats";
import { describeTransferLimitReached, findTransferAllowance, findTransferRule } from "@/lib/devices/transfer-policy";
import { Forbidden, InvalidInput, PolicyViolation } from "@/lib/errors";
import { findLicenseNames } from "@/lib/licensing/license-notices";
import { isLive } from "@/lib/licensing/license-transitions";
import { lockLicense } from "@/lib/licensing/lock-license";
import { type Mailer, seatAssignedEmail, sendEmail } from "@/lib/notify";
import { heldLicensePath } from "./held-license-path";
import { findSeatPersonByEmail, listSeatHolders, NAMED_USER_SEAT_MODEL } from "./named-user-seats";

/**
 * An owner gives a named-user seat to a person, by email: a member of the organization, or someone
 * outside it (issue 18), who gets an account without a membership and sees only the licenses they
 * hold a seat of (lib/seats/list-held-licenses.ts). Behind the license
 * lock, so two owners assigning the last seat at once give it to one person. Assigning someone who
 * holds a seat already changes nothing. Once the license has given out as many seats as it has,
 * each assignment gives someone a seat another person held: the edition's transfer limit counts
 * these reassignments per period (lib/devices/transfer-policy.ts) and refuses one past it. The
 * person is emailed after the assignment commits.
 */
export async function assignLicenseSeat(
  ctx: OrgCtx,
  { licenseId, email }: { licenseId: string; email: string },
  { mailer }: { mailer: Mailer },
) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can assign seats.");
  const now = ctx.now();
  const assigned = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, licenseId, ctx.orgId);
    if ((await findLicensingModel(tx, license.editionId)).seatModel !== NAMED_USER_SEAT_MODEL)
      throw new PolicyViolation("This license counts seats per device or by floating lease, not per person.");
    if (!isLive(license)) throw new PolicyViolation("Seats can be assigned while the license is active.");
    const member = await findSeatPersonByEmail(tx, { orgId: ctx.orgId, email, now });
    // Staff act across every organization and never see key plaintext (DESIGN.md §4): a customer's
    // seat would hand their account a customer's key and license file.
    if (member.isStaff)
      throw new InvalidInput("That email belongs to the vendor's staff.", {
        email: ["Seats go to your own people, not to the vendor's staff. Use another email."],
      });
    const holders = await listSeatHolders(tx, license);
    if (holders.some((holder) => holder.userId === member.userId)) return { email: member.email, isNew: false };
    if (holders.length >= license.seats)
      throw new PolicyViolation(
        `All ${license.seats} seats are assigned. Unassign someone first, or ask your vendor for more seats.`,
      );
    const [granted] = await tx
      .select({ n: count() })
      .from(licenseSeatGrants)
      .where(eq(licenseSeatGrants.licenseId, license.id));
    const isReassignment = (granted?.n ?? 0) >= license.seats;
    if (isReassignment) {
      const rule = await findTransferRule(tx, license.editionId);
      const allowance = await findTransferAllowance(tx, { licenseId: license.id, rule, now });
      if (allowance && allowance.left === 0)
        throw new PolicyViolation(
          `${describeTransferLimitReached(allowance)}. Until then, seats stay with the people holding them; support can grant an exception.`,
        );
    }
    // A former member's row may remain (it stopped counting when they left): reassigning renews it.
    await tx
      .delete(licenseSeatAssignments)
      .where(and(eq(licenseSeatAssignments.licenseId, license.id), eq(licenseSeatAssignments.userId, member.userId)));
    await tx.insert(licenseSeatAssignments).values({
      licenseId: license.id,
      userId: member.userId,
      assignedBy: ctx.actor.userId,
      assignedAt: now,
      isOutsideHolder: !member.isMember,
    });
    await tx
      .insert(licenseSeatGrants)
      .values({ licenseId: license.id, userId: member.userId, grantedAt: now, isReassignment });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "license_seat.assigned",
      subjectType: "license",
      subjectId: license.id,
      data: { userId: member.userId, email: member.email, isReassignment, isOutsideHolder: !member.isMember },
    });
    return { email: member.email, isNew: true };
  });
  if (assigned.isNew) await tellSeatHolder(ctx, licenseId, assigned.email, { mailer, now });
  return { email: assigned.email, isNew: assigned.isNew };
}

/**
 * The person learns they hold a seat and where to see it after signing in: the licenses assigned to
 * them, a page every seat holder can open, member or not.
 */
async function tellSeatHolder(
  ctx: OrgCtx,
  licenseId: string,
  to: string,
  { mailer, now }: { mailer: Mailer; now: Date },
) {
  const names = await findLicenseNames(ctx.db, licenseId);
  if (!names) return;
  await sendEmail(ctx.db, mailer, {
    email: seatAssignedEmail({
      to,
      productName: names.productName,
      editionName: names.editionName,
      licenseUrl: heldLicensePath(licenseId),
    }),
    dedupeKey: `seat-assigned:${licenseId}:${to}:${now.getTime()}`,
    orgId: ctx.orgId,
    now,
  });
}
