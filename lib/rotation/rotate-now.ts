import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { rotations } from "@/lib/db/schema";
import { Conflict, PolicyViolation } from "@/lib/errors";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { cancelRotation } from "./cancel-rotation";
import { findRotationPolicy } from "./find-rotation-policy";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { takeAllDueSteps } from "./rotation-steps";
import { OPEN_ROTATION_STATES, type Rotation } from "./rotation-transitions";

export interface RotateNowInput {
  licenseId: string;
  overlapMinutes: number;
  reason?: string;
}

export function assertOverlapAllowed(policy: { minOverlapMinutes: number; maxOverlapMinutes: number }, overlapMinutes: number): void {
  if (overlapMinutes < policy.minOverlapMinutes || overlapMinutes > policy.maxOverlapMinutes) {
    throw new PolicyViolation(`The overlap must be between ${policy.minOverlapMinutes} and ${policy.maxOverlapMinutes} minutes for this product.`);
  }
}

/**
 * A scheduled rotation whose new key is already issued (its first notice went out) moves to now:
 * the customer may already have installed that key, so it is kept rather than replaced.
 */
async function bringForward(tx: Tx, ctx: OrgCtx, rotation: Rotation, overlapMinutes: number) {
  const now = ctx.now();
  const [moved] = await tx
    .update(rotations)
    .set({ scheduledFor: now, overlapMinutes, updatedAt: now })
    .where(and(eq(rotations.id, rotation.id), eq(rotations.state, rotation.state)))
    .returning();
  if (!moved) throw new Conflict("This rotation changed while we were working on it; refresh and try again.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId: ctx.orgId,
    action: "rotation.brought_forward",
    subjectType: "license",
    subjectId: rotation.licenseId,
    data: { rotationId: rotation.id, from: rotation.scheduledFor, to: now, overlapMinutes },
  });
  return moved;
}

/**
 * The customer rotates a key now: the new key is active at once, and the old key keeps validating
 * for the chosen overlap. A planned scheduled rotation is replaced by this one; one whose key is
 * already issued is brought forward. The license row lock makes fifty simultaneous clicks produce
 * exactly one rotation.
 */
export async function rotateNow(ctx: OrgCtx, input: RotateNowInput, { secrets }: { secrets: KeySecrets }) {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseForRotation(tx, input.licenseId, ctx.orgId);
    if (license.status !== "active") throw new PolicyViolation(`Only an active license can rotate its key; this one is ${license.status}.`);
    const policy = await findRotationPolicy(tx, license);
    assertOverlapAllowed(policy, input.overlapMinutes);

    const [open] = await tx
      .select()
      .from(rotations)
      .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, OPEN_ROTATION_STATES)));
    if (open && open.kind !== "scheduled") throw new Conflict("A rotation is already in progress for this license. Finish or roll it back first.");
    if (open?.state === "overlapping") throw new Conflict("This key was already rotated; the old key keeps working until the overlap ends.");
    if (open && open.state !== "planned") {
      const moved = await bringForward(tx, ctx, open, input.overlapMinutes);
      return takeAllDueSteps(tx, moved, { ctx, orgId: ctx.orgId, secrets, noticeLeadDays: [] });
    }
    if (open) await cancelRotation(tx, ctx, open, { orgId: ctx.orgId, reason: "replaced by a customer rotation" });

    const now = ctx.now();
    const [rotation] = await tx
      .insert(rotations)
      .values({
        licenseId: license.id,
        kind: "customer",
        state: "planned",
        policyId: policy.id,
        scheduledFor: now,
        overlapMinutes: input.overlapMinutes,
        requestedBy: ctx.actor.userId,
        reason: input.reason ?? "rotated by the customer",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return takeAllDueSteps(tx, rotation!, { ctx, orgId: ctx.orgId, secrets, noticeLeadDays: [] });
  });
}
