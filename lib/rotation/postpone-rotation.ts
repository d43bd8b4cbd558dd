import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { findMovableRotation } from "./find-movable-rotation";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { auditEvents, freezePeriods, rotations } from "@/lib/db/schema";
import { Conflict, PolicyViolation } from "@/lib/errors";
import { findRotationPolicy } from "./find-rotation-policy";
import { findEffectivePreference } from "./get-rotation-preference";
import { nextWindowStart } from "./plan-window";

const DAY_MS = 86_400_000;

/**
 * The date a rotation was first planned for, before any postponement or customer rescheduling
 * (from its audit trail): both count toward one postponement limit, so alternating them cannot
 * reset it.
 */
export async function firstPlannedFor(tx: Executor, rotationId: string): Promise<Date | null> {
  const [first] = await tx
    .select({ originallyPlannedFor: sql<string>`${auditEvents.data}->>'originallyPlannedFor'` })
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.action, ["rotation.postponed", "rotation.rescheduled"]),
        sql`${auditEvents.data}->>'rotationId' = ${rotationId}`,
      ),
    )
    .orderBy(asc(auditEvents.id))
    .limit(1);
  return first ? new Date(first.originallyPlannedFor) : null;
}

/**
 * Where postponing the license's upcoming scheduled rotation would move it: the customer's next
 * window, as far as the policy's postponement limit allows (counted from when it was first planned,
 * so repeated postponing cannot defeat it). Throws when it cannot move; writes nothing.
 */
async function findPostponement(tx: Executor, ctx: OrgCtx, licenseId: string) {
  const { license, rotation } = await findMovableRotation(
    tx,
    ctx,
    licenseId,
    "There is no upcoming scheduled rotation to postpone.",
  );
  const [policy, preference, freezes] = await Promise.all([
    findRotationPolicy(tx, license),
    findEffectivePreference(tx, { orgId: ctx.orgId, licenseId }),
    tx.select().from(freezePeriods).where(eq(freezePeriods.productId, license.productId)),
  ]);
  if (!preference) throw new Conflict("Set rotation preferences before postponing.");
  const originallyPlannedFor = (await firstPlannedFor(tx, rotation.id)) ?? rotation.scheduledFor;
  const latest = new Date(originallyPlannedFor.getTime() + policy.maxPostponeDays * DAY_MS);
  const next = nextWindowStart(
    {
      weekdays: preference.windowWeekdays,
      startMinute: preference.windowStartMinute,
      durationMinutes: preference.windowDurationMinutes,
      timeZone: preference.timeZone,
    },
    new Date(rotation.scheduledFor.getTime() + 60_000),
    freezes,
  );
  if (!next || next > latest)
    throw new PolicyViolation(
      `This rotation cannot move past ${latest.toISOString().slice(0, 10)} (at most ${policy.maxPostponeDays} days of postponement).`,
    );
  return { rotation, next, originallyPlannedFor, timeZone: preference.timeZone };
}

/** The dry run behind a "Postpone" confirmation: from when to when, or why it cannot move. */
export async function previewPostponement(ctx: OrgCtx, { licenseId }: { licenseId: string }) {
  const { rotation, next, timeZone } = await ctx.db.transaction((tx) => findPostponement(tx, ctx, licenseId));
  return { rotationId: rotation.id, from: rotation.scheduledFor, to: next, timeZone };
}

/** Moves a scheduled rotation to the customer's next window (see findPostponement for the limits). */
export async function postponeRotation(ctx: OrgCtx, { licenseId }: { licenseId: string }) {
  return ctx.db.transaction(async (tx) => {
    const { rotation, next, originallyPlannedFor } = await findPostponement(tx, ctx, licenseId);
    await tx
      .update(rotations)
      .set({ scheduledFor: next, updatedAt: ctx.now(), nextStepAt: ctx.now() })
      .where(eq(rotations.id, rotation.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "rotation.postponed",
      subjectType: "license",
      subjectId: licenseId,
      data: { rotationId: rotation.id, from: rotation.scheduledFor, to: next, originallyPlannedFor },
    });
    return { rotationId: rotation.id, scheduledFor: next };
  });
}
