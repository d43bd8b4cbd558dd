import { and, eq, inArray } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { rotations } from "@/lib/db/schema";
import { Conflict, PolicyViolation } from "@/lib/errors";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { cancelRotation } from "./cancel-rotation";
import { findRotationPolicy } from "./find-rotation-policy";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { takeAllDueSteps } from "./rotation-steps";
import { OPEN_ROTATION_STATES } from "./rotation-transitions";

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
 * The customer rotates a key now: the new key is issued and active at once, and the old key keeps
 * validating for the chosen overlap. A planned scheduled rotation is replaced by this one. The
 * license row lock makes fifty simultaneous clicks produce exactly one rotation.
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
    if (open && open.state !== "planned") throw new Conflict("The scheduled rotation has already started: its new key is ready to download.");
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
