import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { rotationPreferences, rotations } from "@/lib/db/schema";
import { InvalidInput, type FieldErrors } from "@/lib/errors";
import type { RotationPreferencesInput } from "@/lib/validations/rotation";
import { cancelRotation } from "./cancel-rotation";
import { findRotationPolicy, type RotationPolicy } from "./find-rotation-policy";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { planNextRotation } from "./plan-next-rotation";
import { OPEN_ROTATION_STATES } from "./rotation-transitions";
import { isValidTimeZone } from "./plan-window";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { assertAction } from "@/lib/state-machine";
import { viewerOf } from "@/lib/auth/viewer";

function checkAgainstPolicy(
  input: RotationPreferencesInput,
  policy: Pick<
    RotationPolicy,
    "allowedCadenceDays" | "allowManualCadence" | "minOverlapMinutes" | "maxOverlapMinutes" | "minNoticeDays"
  >,
): FieldErrors {
  const errors: FieldErrors = {};
  if (input.cadence === "manual" ? !policy.allowManualCadence : !policy.allowedCadenceDays.includes(input.cadence)) {
    errors.cadence = [
      `This product allows rotating every ${policy.allowedCadenceDays.join(", ")} days${policy.allowManualCadence ? " or manually" : ""}.`,
    ];
  }
  if (input.overlapMinutes < policy.minOverlapMinutes || input.overlapMinutes > policy.maxOverlapMinutes) {
    errors.overlapMinutes = [
      `This product needs an overlap between ${policy.minOverlapMinutes} and ${policy.maxOverlapMinutes} minutes.`,
    ];
  }
  if (input.cadence !== "manual" && Math.max(0, ...input.leadDays) < policy.minNoticeDays) {
    errors.leadDays = [`This product needs a first notice at least ${policy.minNoticeDays} days ahead.`];
  }
  if (!isValidTimeZone(input.timeZone)) errors.timeZone = ["Choose a time zone from the list, like Europe/Berlin."];
  return errors;
}

/**
 * Saves the license's own rotation preference (bounded by the current policy version), then
 * replans: a scheduled rotation that has not started is cancelled and planned again under the new
 * choice. One that already sent notices or issued its key runs on as announced.
 */
export async function updateRotationPreferences(ctx: OrgCtx, input: RotationPreferencesInput) {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseForRotation(tx, input.licenseId, ctx.orgId);
    assertAction(licenseMachine, "changeRotationSettings", license, viewerOf(ctx));
    const policy = await findRotationPolicy(tx, license);
    const errors = checkAgainstPolicy(input, policy);
    if (Object.keys(errors).length)
      throw new InvalidInput("Some choices are outside what this product allows.", errors);

    const [hours, minutes] = input.startTime.split(":").map(Number);
    const values = {
      orgId: ctx.orgId,
      licenseId: license.id,
      cadenceDays: input.cadence === "manual" ? null : input.cadence,
      windowWeekdays: [...new Set(input.weekdays)].sort(),
      windowStartMinute: hours! * 60 + minutes!,
      windowDurationMinutes: input.durationMinutes,
      timeZone: input.timeZone,
      noticeLeadDays: [...new Set(input.leadDays)].sort((a, b) => b - a),
      overlapMinutes: input.overlapMinutes,
      alignWithRenewal: input.alignWithRenewal,
      updatedAt: ctx.now(),
    };
    await tx
      .insert(rotationPreferences)
      .values(values)
      .onConflictDoUpdate({ target: rotationPreferences.licenseId, set: values });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "rotation_preferences.updated",
      subjectType: "license",
      subjectId: license.id,
      data: { ...values, policyVersion: policy.version },
    });

    // New lead times move the notices still to come: the worker works them out again at once.
    await tx
      .update(rotations)
      .set({ nextStepAt: ctx.now() })
      .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, OPEN_ROTATION_STATES)));
    const [planned] = await tx
      .select()
      .from(rotations)
      .where(
        and(
          eq(rotations.licenseId, license.id),
          eq(rotations.kind, "scheduled"),
          inArray(rotations.state, ["planned"]),
        ),
      );
    if (planned) await cancelRotation(tx, ctx, planned, { orgId: ctx.orgId, reason: "rotation preferences changed" });
    return planNextRotation(tx, ctx, { licenseId: license.id });
  });
}
