import { and, eq, inArray } from "drizzle-orm";
import { viewerOf } from "@/lib/auth/viewer";
import type { OrgCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { rotations } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { assertAction } from "@/lib/state-machine";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { UPCOMING_ROTATION_STATES } from "./rotation-transitions";

/**
 * The license's upcoming scheduled rotation, the one Postpone and its Undo move, with the license
 * locked for the rest of the transaction and the machine asked whether this person may move it.
 */
export async function findMovableRotation(tx: Executor, ctx: OrgCtx, licenseId: string, nothingToMove: string) {
  const license = await lockLicenseForRotation(tx, licenseId, ctx.orgId);
  assertAction(licenseMachine, "postponeRotation", license, viewerOf(ctx));
  const [rotation] = await tx
    .select()
    .from(rotations)
    .where(
      and(
        eq(rotations.licenseId, licenseId),
        eq(rotations.kind, "scheduled"),
        inArray(rotations.state, UPCOMING_ROTATION_STATES),
      ),
    );
  if (!rotation) throw new Conflict(nothingToMove);
  return { license, rotation };
}
