import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx, OrgCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { rotations } from "@/lib/db/schema";
import { Conflict, PolicyViolation } from "@/lib/errors";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { cancelRotation } from "./cancel-rotation";
import { DEFAULT_NOTICE_LEAD_DAYS } from "./find-notice-facts";
import { findRotationPolicy } from "./find-rotation-policy";
import { findEffectivePreferences } from "./get-rotation-preference";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { takeAllDueSteps } from "./rotation-steps";
import { isOverlapping, isPlanned, OPEN_ROTATION_STATES, type Rotation } from "./rotation-transitions";
import { viewerOf } from "@/lib/auth/viewer";
import { assertAction } from "@/lib/state-machine";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { insertPlannedRotation } from "./insert-planned-rotation";

export interface RotateNowInput {
  licenseId: string;
  overlapMinutes: number;
  reason?: string;
}

export function assertOverlapAllowed(
  policy: { minOverlapMinutes: number; maxOverlapMinutes: number },
  overlapMinutes: number,
): void {
  if (overlapMinutes < policy.minOverlapMinutes || overlapMinutes > policy.maxOverlapMinutes) {
    throw new PolicyViolation(
      `The overlap must be between ${policy.minOverlapMinutes} and ${policy.maxOverlapMinutes} minutes for this product.`,
    );
  }
}

/**
 * A scheduled rotation whose new key is already issued (its first notice went out) moves to now:
 * the customer may already have installed that key, so it is kept rather than replaced.
 */
async function bringForward(
  tx: Tx,
  ctx: Ctx,
  rotation: Rotation,
  { orgId, overlapMinutes }: { orgId: string; overlapMinutes: number },
) {
  const now = ctx.now();
  const [moved] = await tx
    .update(rotations)
    .set({ scheduledFor: now, overlapMinutes, updatedAt: now, nextStepAt: now })
    .where(and(eq(rotations.id, rotation.id), eq(rotations.state, rotation.state)))
    .returning();
  if (!moved) throw new Conflict("This rotation changed while we were working on it; refresh and try again.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId,
    action: "rotation.brought_forward",
    subjectType: "license",
    subjectId: rotation.licenseId,
    data: { rotationId: rotation.id, from: rotation.scheduledFor, to: now, overlapMinutes },
  });
  return moved;
}

/**
 * A rotation that happens now (the customer's "rotate now", support's reissue): the new key is
 * issued and active at once and the old key keeps validating for the overlap, bounded by the
 * current policy version, which the rotation records. A scheduled rotation that has not started
 * is replaced; the customer brings one whose key is already issued forward instead. Runs behind
 * the license row lock, so fifty clicks make exactly one rotation.
 */
export async function rotateImmediately(
  tx: Tx,
  ctx: Ctx,
  {
    licenseId,
    orgId,
    kind,
    overlapMinutes,
    reason,
    requestedBy,
  }: {
    licenseId: string;
    orgId?: string;
    kind: "customer" | "reissue";
    overlapMinutes: number;
    reason: string | null;
    requestedBy: string;
  },
  { secrets }: { secrets: KeySecrets },
) {
  const license = await lockLicenseForRotation(tx, licenseId, orgId);
  assertAction(licenseMachine, kind === "reissue" ? "reissueKey" : "rotateKey", license, viewerOf(ctx));
  const policy = await findRotationPolicy(tx, license);
  assertOverlapAllowed(policy, overlapMinutes);
  // The overlap-ending notices come at the customer's lead times, so the steps need them.
  const preference = (await findEffectivePreferences(tx, [{ orgId: license.orgId, licenseId: license.id }])).get(
    license.id,
  );
  const step = {
    ctx,
    orgId: license.orgId,
    secrets,
    noticeLeadDays: preference?.noticeLeadDays ?? DEFAULT_NOTICE_LEAD_DAYS,
  };

  const [open] = await tx
    .select()
    .from(rotations)
    .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, OPEN_ROTATION_STATES)));
  // A rotation the customer planned for later (scheduleRotation) is replaced like a scheduled one.
  const isReplaceable = open && (open.kind === "scheduled" || (open.kind === "customer" && isPlanned(open)));
  if (open && !isReplaceable)
    throw new Conflict("A rotation is already in progress for this license. Finish or roll it back first.");
  if (open && isOverlapping(open))
    throw new Conflict("This key was already rotated; the old key keeps working until the overlap ends.");
  if (open && !isPlanned(open) && kind === "customer") {
    const moved = await bringForward(tx, ctx, open, { orgId: license.orgId, overlapMinutes });
    return takeAllDueSteps(tx, moved, step);
  }
  if (open && !isPlanned(open))
    throw new Conflict("The scheduled rotation has already started: its new key is ready to download.");
  if (open)
    await cancelRotation(tx, ctx, open, {
      orgId: license.orgId,
      reason: `replaced by a ${kind === "reissue" ? "support reissue" : "customer rotation"}`,
    });

  const now = ctx.now();
  const rotation = await insertPlannedRotation(tx, {
    licenseId: license.id,
    kind,
    policyId: policy.id,
    scheduledFor: now,
    overlapMinutes,
    requestedBy,
    reason,
    now,
  });
  return takeAllDueSteps(tx, rotation, step);
}

/** The customer rotates a key now. */
export async function rotateNow(ctx: OrgCtx, input: RotateNowInput, { secrets }: { secrets: KeySecrets }) {
  return ctx.db.transaction((tx) =>
    rotateImmediately(
      tx,
      ctx,
      {
        licenseId: input.licenseId,
        orgId: ctx.orgId,
        kind: "customer",
        overlapMinutes: input.overlapMinutes,
        reason: input.reason ?? "rotated by the customer",
        requestedBy: ctx.actor.userId,
      },
      { secrets },
    ),
  );
}
