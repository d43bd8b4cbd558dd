import { and, desc, eq, gt, inArray } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { licenses, rotations } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { isOpen, isRotated, ROTATED_STATES, type Rotation } from "./rotation-transitions";

/**
 * Where the rotation a one-click email link names stands now. Emails outlive the facts they
 * announce, so a link is answered with what happened since instead of an error.
 */
export type RotationLinkStanding =
  | { kind: "plannable"; rotation: Rotation }
  | { kind: "rotated"; rotatedAt: Date }
  | { kind: "postponed"; scheduledFor: Date }
  | { kind: "cancelled" };

export async function describeRotationLink(
  ctx: OrgCtx,
  { licenseId, rotationId, announcedFor }: { licenseId: string; rotationId: string; announcedFor: Date },
): Promise<RotationLinkStanding> {
  const [rotation] = await ctx.db
    .select({ rotation: rotations })
    .from(rotations)
    .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
    .where(and(eq(rotations.id, rotationId), eq(rotations.licenseId, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!rotation) throw new NotFound("This link does not match a rotation of this license.");
  const current = rotation.rotation;
  if (isRotated(current)) return { kind: "rotated", rotatedAt: current.scheduledFor };
  if (isOpen(current)) {
    return current.scheduledFor.getTime() === announcedFor.getTime()
      ? { kind: "plannable", rotation: current }
      : { kind: "postponed", scheduledFor: current.scheduledFor };
  }
  // Cancelled or failed: a newer rotation (the customer's "rotate now", an emergency) may have replaced it.
  const [replacement] = await ctx.db
    .select({ scheduledFor: rotations.scheduledFor })
    .from(rotations)
    .where(
      and(
        eq(rotations.licenseId, licenseId),
        gt(rotations.createdAt, current.createdAt),
        inArray(rotations.state, ["issued", ...ROTATED_STATES]),
      ),
    )
    .orderBy(desc(rotations.createdAt))
    .limit(1);
  return replacement ? { kind: "rotated", rotatedAt: replacement.scheduledFor } : { kind: "cancelled" };
}
