import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { transitionRotation, type Rotation } from "./rotation-transitions";

/** Cancels a rotation that has not issued its key yet. */
export async function cancelRotation(
  tx: Tx,
  ctx: Ctx,
  rotation: Rotation,
  { orgId, reason }: { orgId: string; reason: string },
) {
  await transitionRotation(tx, ctx, rotation, "cancelled", { orgId, reason });
}
