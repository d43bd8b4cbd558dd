import { and, eq, inArray } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { rotations } from "@/lib/db/schema";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { transitionLicenseKey } from "@/lib/licensing/license-key-transitions";
import { findRotationPolicy } from "./find-rotation-policy";
import { assertMayStopWorkingKeys } from "./key-action-permissions";
import { findKeyInState, lockLicenseForRotation } from "./load-license-for-rotation";
import { takeAllDueSteps } from "./rotation-steps";
import { abandonedStateOf, OPEN_ROTATION_STATES, transitionRotation } from "./rotation-transitions";
import { viewerOf } from "@/lib/auth/viewer";
import { assertAction } from "@/lib/state-machine";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { insertPlannedRotation } from "./insert-planned-rotation";

/**
 * "My key leaked": the current key is revoked at once (and published in the revocation feed), a
 * new key is issued and active immediately, and any rotation in flight is abandoned. No overlap:
 * a leaked key must stop working now, which is the one case where a customer is asked to act at once.
 * Owners only, unless an owner delegated it (key-action-permissions.ts).
 */
export async function emergencyRotate(
  ctx: OrgCtx,
  { licenseId, reason }: { licenseId: string; reason: string },
  { secrets }: { secrets: KeySecrets },
) {
  await assertMayStopWorkingKeys(ctx);
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseForRotation(tx, licenseId, ctx.orgId);
    assertAction(licenseMachine, "replaceLeakedKey", license, viewerOf(ctx));
    const policy = await findRotationPolicy(tx, license);
    const now = ctx.now();
    const open = await tx
      .select()
      .from(rotations)
      .where(and(eq(rotations.licenseId, licenseId), inArray(rotations.state, OPEN_ROTATION_STATES)));
    for (const rotation of open) {
      await transitionRotation(tx, ctx, rotation, abandonedStateOf(rotation), {
        orgId: ctx.orgId,
        reason: `superseded by an emergency rotation: ${reason}`,
      });
    }
    for (const state of ["pending", "retiring"] as const) {
      const leftover = await findKeyInState(tx, licenseId, state);
      if (leftover)
        await transitionLicenseKey(tx, ctx, leftover, "revoked", {
          orgId: ctx.orgId,
          reason,
          revocationCode: "superseded",
          stamp: { revokedAt: now },
        });
    }
    const rotation = await insertPlannedRotation(tx, {
      licenseId,
      kind: "emergency",
      policyId: policy.id,
      scheduledFor: now,
      overlapMinutes: 0,
      requestedBy: ctx.actor.userId,
      reason,
      now,
    });
    return takeAllDueSteps(tx, rotation, { ctx, orgId: ctx.orgId, secrets, noticeLeadDays: [] });
  });
}
