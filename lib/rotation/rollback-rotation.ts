import { and, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { rotations } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { transitionLicenseKey } from "@/lib/licensing/license-key-transitions";
import { assertMayStopWorkingKeys } from "./key-action-permissions";
import { findKeyInState, lockLicenseForRotation } from "./load-license-for-rotation";
import { transitionRotation } from "./rotation-transitions";

/**
 * Undoes a rotation during its overlap: the old key becomes the active key again and the new one
 * is retired. Only possible while both keys still work, so nobody is stranded by the undo. The new
 * key stops working, so owners only, unless an owner delegated it (key-action-permissions.ts).
 */
export async function rollbackRotation(ctx: OrgCtx, { licenseId, reason }: { licenseId: string; reason: string }) {
  await assertMayStopWorkingKeys(ctx);
  return ctx.db.transaction(async (tx) => {
    await lockLicenseForRotation(tx, licenseId, ctx.orgId);
    const [rotation] = await tx
      .select()
      .from(rotations)
      .where(and(eq(rotations.licenseId, licenseId), eq(rotations.state, "overlapping")));
    if (!rotation) throw new Conflict("Only a rotation in its overlap can be rolled back, and this license has none.");
    const newKey = await findKeyInState(tx, licenseId, "active");
    const oldKey = await findKeyInState(tx, licenseId, "retiring");
    if (!oldKey) throw new Conflict("The previous key is no longer available to restore.");
    const now = ctx.now();
    if (newKey)
      await transitionLicenseKey(tx, ctx, newKey, "retired", { orgId: ctx.orgId, reason, stamp: { retiredAt: now } });
    await transitionLicenseKey(tx, ctx, oldKey, "active", {
      orgId: ctx.orgId,
      reason,
      stamp: { retiringAt: null, retiresAt: null },
    });
    await transitionRotation(tx, ctx, rotation, "rolled_back", {
      orgId: ctx.orgId,
      reason,
      stamp: { completedAt: now },
    });
    return { rotationId: rotation.id };
  });
}
