import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { rotations } from "@/lib/db/schema";
import { planNextRotation } from "./plan-next-rotation";
import { transitionRotation } from "./rotation-transitions";

/**
 * A renewal moves the plan (issue 22, contract-timing.ts): a scheduled rotation not yet announced
 * (a notified one keeps the date the customer was told) is cancelled and planned again from the new term, so it keeps clear of the renewal and of the
 * new expiry; a license that had none because its term was ending gets one now. Runs in the
 * renewal's transaction, after the license row carries its new expiry and `renewedAt`.
 */
export async function replanAfterRenewal(tx: Tx, ctx: Ctx, { licenseId, orgId }: { licenseId: string; orgId: string }) {
  const upcoming = await tx
    .select()
    .from(rotations)
    .where(
      and(eq(rotations.licenseId, licenseId), eq(rotations.kind, "scheduled"), inArray(rotations.state, ["planned"])),
    );
  for (const rotation of upcoming)
    await transitionRotation(tx, ctx, rotation, "cancelled", {
      orgId,
      reason: "the license was renewed: planned again",
    });
  const planned = await planNextRotation(tx, ctx, { licenseId });
  // The trail says why the new date was chosen (with the renewal, by cadence, or the key age limit).
  if (planned)
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId,
      action: "rotation.planned",
      subjectType: "license",
      subjectId: licenseId,
      reason: `the license was renewed: planned ${planned.reason}`,
      data: { rotationId: planned.id, scheduledFor: planned.scheduledFor },
    });
  return planned;
}
