import { and, count, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { devices, editions, licenses, rotations } from "@/lib/db/schema";
import { Conflict, InvalidInput } from "@/lib/errors";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { recordLicenseEvent } from "@/lib/licensing/record-license-event";
import { isTrialEdition } from "@/lib/licensing/trial";
import type { StaffReason } from "@/lib/validations/staff";
import { cancelRotation } from "./cancel-rotation";
import { findRotationPolicy } from "./find-rotation-policy";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { assertOverlapAllowed } from "./rotate-now";
import { takeAllDueSteps } from "./rotation-steps";
import { isPlanned, OPEN_ROTATION_STATES } from "./rotation-transitions";
import { viewerOf } from "@/lib/auth/viewer";
import { assertAction } from "@/lib/state-machine";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { insertPlannedRotation } from "./insert-planned-rotation";
import { holdsSeatSql } from "@/lib/devices";

export interface ConvertTrialInput extends StaffReason {
  licenseId: string;
  /** The paid edition of the same product the trial becomes. */
  editionId: string;
  seats: number;
  /** The paid term's end; null for a perpetual license. */
  expiresAt: Date | null;
  /** How long the trial key keeps working beside the new one. */
  overlapMinutes: number;
}

/** Marks the rotation (and its audit trail) as the conversion, not an ordinary support reissue. */
export const TRIAL_CONVERSION = "trial_to_paid";

/**
 * The customer bought: their trial becomes a paid license in place. Same license id, so the
 * devices, preferences and history stay; the edition, seats and term change; and a new key is
 * issued through a `reissue` rotation so the trial key (often shared during evaluation) retires
 * after the overlap instead of living on in the paid license.
 */
export async function convertTrialLicense(
  ctx: StaffCtx,
  input: ConvertTrialInput,
  { secrets }: { secrets: KeySecrets },
) {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseForRotation(tx, input.licenseId);
    const [current] = await tx
      .select({ code: editions.code, name: editions.name })
      .from(editions)
      .where(eq(editions.id, license.editionId));
    if (!current || !isTrialEdition(current.code))
      throw new Conflict("This license is not a trial, so there is nothing to convert.");
    assertAction(licenseMachine, "convertTrial", license, viewerOf(ctx));

    const [target] = await tx
      .select()
      .from(editions)
      .where(and(eq(editions.id, input.editionId), eq(editions.productId, license.productId)));
    if (!target || isTrialEdition(target.code))
      throw new InvalidInput("Choose a paid edition of the same product.", {
        editionId: ["Choose a paid edition of this product."],
      });
    const now = ctx.now();
    if (input.expiresAt && input.expiresAt <= now)
      throw new InvalidInput("The paid term must end in the future.", { expiresAt: ["Choose a date in the future."] });
    const [activeDevices] = await tx
      .select({ n: count() })
      .from(devices)
      .where(and(eq(devices.licenseId, license.id), holdsSeatSql()));
    if (input.seats < (activeDevices?.n ?? 0)) {
      throw new InvalidInput(
        `The trial has ${activeDevices!.n} active devices; the paid license keeps them all, so it needs at least that many seats.`,
        {
          seats: [`At least ${activeDevices!.n} seats: every active device is kept.`],
        },
      );
    }
    const policy = await findRotationPolicy(tx, { productId: license.productId, editionId: target.id });
    assertOverlapAllowed(policy, input.overlapMinutes);

    const [open] = await tx
      .select()
      .from(rotations)
      .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, OPEN_ROTATION_STATES)));
    if (open && !isPlanned(open))
      throw new Conflict("A key rotation is in progress for this trial. Let it finish or roll it back, then convert.");
    if (open) await cancelRotation(tx, ctx, open, { orgId: license.orgId, reason: "replaced by the trial conversion" });

    const [converted] = await tx
      .update(licenses)
      .set({
        editionId: target.id,
        seats: input.seats,
        expiresAt: input.expiresAt,
        convertedFromTrialAt: now,
        updatedAt: now,
      })
      .where(eq(licenses.id, license.id))
      .returning();
    await recordLicenseEvent(tx, converted!, "license.updated", {
      now,
      change: {
        edition: { from: current.code, to: target.code },
        seats: { from: license.seats, to: input.seats },
        expiresAt: { from: license.expiresAt?.toISOString() ?? null, to: input.expiresAt?.toISOString() ?? null },
      },
    });
    const reason = `Trial converted to ${target.name}: ${input.reason}`;
    const rotation = await insertPlannedRotation(tx, {
      licenseId: license.id,
      kind: "reissue",
      policyId: policy.id,
      scheduledFor: now,
      overlapMinutes: input.overlapMinutes,
      requestedBy: ctx.actor.userId,
      reason,
      now,
    });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: license.orgId,
      action: "license.trial_converted",
      subjectType: "license",
      subjectId: license.id,
      reason: input.reason,
      data: {
        conversion: TRIAL_CONVERSION,
        rotationId: rotation.id,
        reasonCategory: input.reasonCategory,
        from: { edition: current.code, seats: license.seats, expiresAt: license.expiresAt?.toISOString() ?? null },
        to: { edition: target.code, seats: input.seats, expiresAt: input.expiresAt?.toISOString() ?? null },
        devicesKept: activeDevices?.n ?? 0,
      },
    });
    const issued = await takeAllDueSteps(tx, rotation, { ctx, orgId: license.orgId, secrets, noticeLeadDays: [] });
    return { rotation: issued, edition: { id: target.id, code: target.code, name: target.name } };
  });
}
