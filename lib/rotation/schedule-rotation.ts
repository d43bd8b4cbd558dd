import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import type { OrgCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { freezePeriods, rotations } from "@/lib/db/schema";
import { Conflict, InvalidInput, PolicyViolation } from "@/lib/errors";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { assertAction } from "@/lib/state-machine";
import { isRotationInContract, NO_ROTATION_DAYS_BEFORE_EXPIRY } from "./contract-timing";
import { findRotationPolicy } from "./find-rotation-policy";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { firstPlannedFor } from "./postpone-rotation";
import { assertOverlapAllowed } from "./rotate-now";
import { isOverlapping, OPEN_ROTATION_STATES, type Rotation } from "./rotation-transitions";
import { insertPlannedRotation } from "./insert-planned-rotation";

const DAY_MS = 86_400_000;

export interface ScheduleRotationInput {
  licenseId: string;
  /** When the new key takes over; the old key then keeps working for the overlap. */
  at: Date;
  /** Without it: the rotation's own overlap, or for a new one the license's preference (the caller's). */
  overlapMinutes: number;
  reason?: string;
}

/**
 * How late a customer may put the rotation: the policy's postponement limit, counted from when the
 * license's upcoming rotation was first planned (a rotation the customer made, from when they made
 * it), so rescheduling again and again cannot push a vendor's rotation, or a key past its age
 * limit, out of reach. Where nothing is planned it counts from now.
 */
async function latestAllowed(tx: Tx, open: Rotation | undefined, now: Date, maxPostponeDays: number): Promise<Date> {
  const anchor = !open
    ? now
    : open.kind === "scheduled"
      ? ((await firstPlannedFor(tx, open.id)) ?? open.scheduledFor)
      : open.createdAt;
  return new Date(anchor.getTime() + maxPostponeDays * DAY_MS);
}

/**
 * The customer rotates at a time of their choosing (`rekey rotate --at`, issue 17): the license's
 * upcoming rotation moves to that time, or, with none planned, a customer rotation is planned for it,
 * which the worker carries out then like "rotate now". The time must be ahead, before the policy's
 * postponement limit, inside the contract and outside the vendor's freezes; a rotation already in
 * its overlap, or one support or an emergency started, is not moved.
 */
export async function scheduleRotation(ctx: OrgCtx, input: ScheduleRotationInput) {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const license = await lockLicenseForRotation(tx, input.licenseId, ctx.orgId);
    assertAction(licenseMachine, "rotateKey", license, viewerOf(ctx));
    const policy = await findRotationPolicy(tx, license);
    assertOverlapAllowed(policy, input.overlapMinutes);
    if (input.at <= now)
      throw new InvalidInput("Choose a time in the future, or rotate now.", {
        at: ["Choose a time in the future, or rotate now."],
      });
    const [open] = await tx
      .select()
      .from(rotations)
      .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, OPEN_ROTATION_STATES)));
    if (open && (isOverlapping(open) || !["scheduled", "customer"].includes(open.kind)))
      throw new Conflict("A rotation is already under way for this license; schedule the next one after it ends.");
    const latest = await latestAllowed(tx, open, now, policy.maxPostponeDays);
    if (input.at > latest)
      throw new PolicyViolation(
        `This license's rotation cannot be later than ${latest.toISOString()} (at most ${policy.maxPostponeDays} days of postponement).`,
      );
    if (!isRotationInContract(license, input.at))
      throw new PolicyViolation(
        `No rotation in the last ${NO_ROTATION_DAYS_BEFORE_EXPIRY} days before the license expires; choose an earlier time.`,
      );
    const freeze = (await tx.select().from(freezePeriods).where(eq(freezePeriods.productId, license.productId))).find(
      (period) => period.startsAt <= input.at && input.at < period.endsAt,
    );
    if (freeze)
      throw new PolicyViolation(
        `Rotations are frozen for this product until ${freeze.endsAt.toISOString()}; choose a time outside the freeze.`,
      );

    const reason = input.reason ?? "scheduled by the customer";
    if (open) {
      // nextStepAt now: the worker works out the rotation's notices and steps for its new time.
      const [moved] = await tx
        .update(rotations)
        .set({ scheduledFor: input.at, overlapMinutes: input.overlapMinutes, updatedAt: now, nextStepAt: now })
        .where(and(eq(rotations.id, open.id), eq(rotations.state, open.state)))
        .returning();
      if (!moved) throw new Conflict("This rotation changed while we were working on it; refresh and try again.");
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        orgId: ctx.orgId,
        action: "rotation.rescheduled",
        subjectType: "license",
        subjectId: license.id,
        reason,
        data: {
          rotationId: open.id,
          from: open.scheduledFor,
          to: input.at,
          originallyPlannedFor: (await firstPlannedFor(tx, open.id)) ?? open.scheduledFor,
        },
      });
      return moved;
    }
    const planned = await insertPlannedRotation(tx, {
      licenseId: license.id,
      kind: "customer",
      policyId: policy.id,
      scheduledFor: input.at,
      overlapMinutes: input.overlapMinutes,
      requestedBy: ctx.actor.userId,
      reason,
      now,
    });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "rotation.planned",
      subjectType: "license",
      subjectId: license.id,
      reason,
      data: { rotationId: planned.id, scheduledFor: input.at },
    });
    return planned;
  });
}
